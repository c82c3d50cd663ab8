package dev.mosaic.adapters.out.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.out.JsonCodec;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The core's JSON, with the same strictness the providers' tool arguments get: one object, nothing after it. */
public final class JacksonJsonCodec implements JsonCodec {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public Optional<Map<String, Object>> readObject(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? Optional.of(json.convertValue(node, OBJECT)) : Optional.empty();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
