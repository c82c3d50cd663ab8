package dev.mosaic.application.job;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The fields a job type's payload has: each with a kind, required or optional; no other field is
 * allowed. Checked when a job is enqueued and again when it is run, since what sits in Redis may
 * have been written by another version or by hand.
 */
public record PayloadSchema(Map<String, Field> fields) {
    public static final PayloadSchema EMPTY = new PayloadSchema(Map.of());
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    public enum Kind { TEXT, INTEGER, UUID, BOOLEAN }

    public record Field(Kind kind, boolean required) {
        public static Field required(Kind kind) {
            return new Field(kind, true);
        }

        public static Field optional(Kind kind) {
            return new Field(kind, false);
        }
    }

    public PayloadSchema {
        fields = Map.copyOf(fields);
    }

    /** What is wrong with {@code payload}, or empty when it fits. */
    public Optional<String> problem(Map<String, String> payload) {
        for (String name : payload.keySet()) {
            if (!fields.containsKey(name)) {
                return Optional.of("unexpected field '" + name + "'");
            }
        }
        for (Map.Entry<String, Field> field : fields.entrySet()) {
            String value = payload.get(field.getKey());
            if (value == null) {
                if (field.getValue().required()) {
                    return Optional.of("field '" + field.getKey() + "' is required");
                }
            } else if (!fits(field.getValue().kind(), value)) {
                return Optional.of("field '" + field.getKey() + "' is not " + field.getValue().kind().name().toLowerCase(
                        java.util.Locale.ROOT) + ": '" + value + "'");
            }
        }
        return Optional.empty();
    }

    private static boolean fits(Kind kind, String value) {
        return switch (kind) {
            case TEXT -> true;
            case INTEGER -> INTEGER.matcher(value).matches();
            case BOOLEAN -> value.equals("true") || value.equals("false");
            case UUID -> {
                try {
                    UUID.fromString(value);
                    yield true;
                } catch (IllegalArgumentException e) {
                    yield false;
                }
            }
        };
    }
}
