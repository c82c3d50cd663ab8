package dev.mosaic.application.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.out.JsonCodec;
import java.util.Map;
import java.util.Optional;

/** The core's JSON port for tests of the core, which cannot reach the adapter that provides it. */
public final class JsonForTests implements JsonCodec {
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> readObject(String text) {
        try {
            return json.readValue(text, Object.class) instanceof Map<?, ?> map ? Optional.of((Map<String, Object>) map)
                    : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
