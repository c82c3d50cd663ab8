package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One protocol's framing of one reply. {@link ReplyStreamer} decides what is sent when (delays,
 * failures, the chunk observer); a renderer only says how each part looks on the wire, appending
 * its events to {@code out}. A fresh instance renders one response, so it may keep state such as
 * sequence numbers.
 */
interface ReplyRenderer {

    /** The content type of a streamed reply: server-sent events unless the protocol frames it otherwise. */
    default String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    /** What precedes the first chunk, e.g. Anthropic's {@code message_start}. */
    void open(StringBuilder out);

    /** Framing written with a block's first chunk, e.g. Anthropic's {@code content_block_start}. */
    default void blockStart(ReplyBlock block, StringBuilder out) {}

    /**
     * Chunk {@code chunk} of {@code block} (see {@link ReplyBlock#chunks}). May append nothing when
     * the protocol sends the block whole later, as Ollama does with tool calls.
     */
    void chunk(ReplyBlock block, int chunk, StringBuilder out);

    /** Framing that closes a block that was streamed to its end. */
    default void blockEnd(ReplyBlock block, StringBuilder out) {}

    /** What follows the last block of a complete reply: finish reason, usage, end marker. */
    void finish(StringBuilder out);

    /** The in-band error that ends a stream which fails after it began. */
    void midStreamError(String message, StringBuilder out);

    /** The whole reply as one JSON body, for a request that did not ask to stream. */
    JsonNode whole();

    /** A server-sent event with only a data line, as OpenAI's Chat Completions sends them. */
    static void data(String payload, StringBuilder out) {
        out.append("data: ").append(payload).append("\n\n");
    }

    /** A server-sent event named by its {@code type}, as Anthropic and the Responses API send them. */
    static void event(JsonNode data, StringBuilder out) {
        out.append("event: ").append(data.path("type").asText()).append('\n');
        data(data.toString(), out);
    }
}
