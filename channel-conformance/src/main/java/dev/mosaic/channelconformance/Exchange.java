package dev.mosaic.channelconformance;

import java.util.List;

/**
 * One message and its answer as a channel's client saw them.
 *
 * @param conversationId the conversation the message went to; null when it was refused before
 * @param pieces the answer's text as it arrived: many pieces when streamed, one when whole
 * @param status {@code complete} or {@code partial}; null when refused
 * @param errorCode the gateway's code for what went wrong, as the channel reported it, or null
 */
public record Exchange(String conversationId, List<String> pieces, String status, String errorCode) {

    public Exchange {
        pieces = List.copyOf(pieces);
    }

    public static Exchange refused(String conversationId, String errorCode) {
        return new Exchange(conversationId, List.of(), null, errorCode);
    }

    public String text() {
        return String.join("", pieces);
    }
}
