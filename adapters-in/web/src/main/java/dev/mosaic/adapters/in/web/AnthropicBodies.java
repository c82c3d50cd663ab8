package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What the Anthropic-compatible channel answers, in the field names of Anthropic's Messages API. */
final class AnthropicBodies {
    private AnthropicBodies() {}

    /** A message, whole; streamed, its first event carries it with no content yet. */
    record Message(String id, String type, String role, List<Block> content, String model,
            @JsonProperty("stop_reason") String stopReason,
            @JsonProperty("stop_sequence") String stopSequence, Usage usage) {
        Message(String id, List<Block> content, String model, String stopReason, Usage usage) {
            this(id, "message", "assistant", content, model, stopReason, null, usage);
        }
    }

    /** A block of a message's content. */
    sealed interface Block permits Text, ToolUse {}

    record Text(String type, String text) implements Block {
        Text(String text) {
            this("text", text);
        }
    }

    /** A call of one of the client's tools; {@code input} is the arguments object, empty when streamed. */
    record ToolUse(String type, String id, String name, JsonNode input) implements Block {
        ToolUse(String id, String name, JsonNode input) {
            this("tool_use", id, name, input);
        }
    }

    /** The cache counts are always null: the gateway does not pass on prompt caching. */
    record Usage(@JsonProperty("input_tokens") long inputTokens, @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cache_creation_input_tokens") Long cacheCreation,
            @JsonProperty("cache_read_input_tokens") Long cacheRead) {
        Usage(long inputTokens, long outputTokens) {
            this(inputTokens, outputTokens, null, null);
        }
    }

    /** The events of a streamed message, each sent as {@code event: <type>} with itself as the data. */
    record MessageStart(String type, Message message) {
        MessageStart(Message message) {
            this("message_start", message);
        }
    }

    record ContentBlockStart(String type, int index, @JsonProperty("content_block") Block contentBlock) {
        ContentBlockStart(int index, Block block) {
            this("content_block_start", index, block);
        }
    }

    record Ping(String type) {
        static final Ping PING = new Ping("ping");
    }

    record ContentBlockDelta(String type, int index, BlockDelta delta) {
        ContentBlockDelta(int index, String text) {
            this("content_block_delta", index, new Delta("text_delta", text));
        }
    }

    /** A piece of a block: text, or a tool call's arguments. */
    sealed interface BlockDelta permits Delta, InputJsonDelta {}

    record Delta(String type, String text) implements BlockDelta {}

    /** A tool call's arguments, as JSON text (streamed whole, in one delta). */
    record InputJsonDelta(String type, @JsonProperty("partial_json") String partialJson) implements BlockDelta {
        InputJsonDelta(String partialJson) {
            this("input_json_delta", partialJson);
        }
    }

    record ContentBlockStop(String type, int index) {
        ContentBlockStop(int index) {
            this("content_block_stop", index);
        }
    }

    record MessageDelta(String type, StopDelta delta, Usage usage) {
        MessageDelta(String stopReason, Usage usage) {
            this("message_delta", new StopDelta(stopReason, null), usage);
        }
    }

    record StopDelta(@JsonProperty("stop_reason") String stopReason,
            @JsonProperty("stop_sequence") String stopSequence) {}

    record MessageStop(String type) {
        static final MessageStop STOP = new MessageStop("message_stop");
    }

    record Models(List<Model> data, @JsonProperty("has_more") boolean hasMore, @JsonProperty("first_id") String firstId,
            @JsonProperty("last_id") String lastId) {}

    record Model(String type, String id, @JsonProperty("display_name") String displayName,
            @JsonProperty("created_at") String createdAt) {}

    /**
     * Anthropic's error shape, as a response body and as a streamed {@code error} event. The
     * gateway's stable code is in {@code details.error_code}, where Anthropic puts its own codes.
     */
    record Error(String type, ErrorDetail error) {
        Error(ErrorDetail error) {
            this("error", error);
        }
    }

    record ErrorDetail(String type, String message, Details details) {}

    record Details(@JsonProperty("error_code") String errorCode) {}
}
