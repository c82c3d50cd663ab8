package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.channel.InboundMessage;

/** Text a client sends must be Unicode ({@link InboundMessage#isWellFormed}), in every string of a frame. */
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
        return InboundMessage.isWellFormed(text);
    }
}
