package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Text a client sends must be Unicode. JSON can carry a lone UTF-16 surrogate as an escape
 * ({@code "\ud800"}); it has no UTF-8 form, and PostgreSQL would store it as {@code ?}.
 */
final class WellFormedText {
    static final String LONE_SURROGATE = "text must be valid Unicode: a lone surrogate (such as \\ud800) is not a character";

    private WellFormedText() {}

    /** Every string value in it is well-formed (keys are never stored). */
    static boolean isWellFormed(JsonNode value) {
        if (value.isTextual()) {
            return isWellFormed(value.textValue());
        }
        for (JsonNode element : value) {
            if (!isWellFormed(element)) {
                return false;
            }
        }
        return true;
    }

    static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
