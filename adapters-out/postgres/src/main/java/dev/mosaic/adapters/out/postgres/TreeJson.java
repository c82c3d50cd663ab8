package dev.mosaic.adapters.out.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The jsonb columns that hold the domain's plain trees (routing rules and decisions): maps, lists,
 * strings, numbers and booleans, written and read as they are.
 */
final class TreeJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TreeJson() {}

    static String write(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a tree that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> readObject(String json) {
        return read(json, new TypeReference<>() {});
    }

    static List<Object> readList(String json) {
        return read(json, new TypeReference<>() {});
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON that cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
