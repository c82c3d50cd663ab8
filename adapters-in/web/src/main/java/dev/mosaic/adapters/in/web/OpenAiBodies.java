package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What the OpenAI-compatible channel answers, in the field names of OpenAI's Chat Completions API. */
final class OpenAiBodies {
    private OpenAiBodies() {}

    record Completion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {}

    record Choice(int index, AssistantMessage message, @JsonProperty("finish_reason") String finishReason) {}

    /** {@code content} is null when the answer is tool calls alone, as OpenAI sends it. */
    record AssistantMessage(String role, String content,
            @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls) {}

    /** A call of one of the client's tools; {@code index} only in a streamed chunk. */
    record ToolCall(@JsonInclude(JsonInclude.Include.NON_NULL) Integer index, String id, String type,
            Function function) {}

    /** {@code arguments} is JSON text. */
    record Function(String name, String arguments) {}

    record Usage(@JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("total_tokens") long totalTokens) {}

    /** One server-sent event of a streamed answer; {@code usage} only on the last, when asked for. */
    record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
            @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

    record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

    record Delta(@JsonInclude(JsonInclude.Include.NON_NULL) String role,
            @JsonInclude(JsonInclude.Include.NON_NULL) String content,
            @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolCall> toolCalls) {}

    record Models(String object, List<Model> data) {}

    record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {}

    /** OpenAI's error shape; {@code code} is the gateway's stable error code. */
    record Error(ErrorDetail error) {}

    record ErrorDetail(String message, String type, String param, String code) {}
}
