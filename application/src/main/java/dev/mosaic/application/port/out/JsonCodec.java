package dev.mosaic.application.port.out;

import java.util.Map;
import java.util.Optional;

/** JSON for the core, which holds no JSON library: tool arguments in, tool results out. */
public interface JsonCodec {

    /**
     * The text as a JSON object: nested objects as maps, arrays as lists, numbers as {@link Number}s.
     *
     * @return empty when the text is not exactly one JSON object (cut off, an array, trailing text)
     */
    Optional<Map<String, Object>> readObject(String text);

    /** Maps, lists, strings, numbers, booleans and records as JSON text. */
    String write(Object value);
}
