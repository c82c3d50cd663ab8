package dev.mosaic.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted answer of the simulator: what to stream (reasoning, text, tool calls, in that order)
 * and, optionally, how to fail. Immutable; every {@code with…} method returns a changed copy. The
 * same reply is rendered in whichever protocol the request speaks.
 *
 * <p>A "chunk" is one streamed delta carrying content: a reasoning piece, a text piece, the start of
 * a tool call or a piece of its arguments. Framing does not count: the opening and closing events,
 * block starts and stops, the finish reason and the usage. (Ollama sends a tool call whole, as one
 * line, once its last chunk is reached.)
 */
public final class Reply {

    /** A tool call streamed as its start (id and name) followed by its argument fragments. */
    public record ToolCall(String id, String name, List<String> argumentFragments) {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            argumentFragments = List.copyOf(argumentFragments);
        }

        public String arguments() {
            return String.join("", argumentFragments);
        }
    }

    /** How a streamed reply stops short of its normal end. */
    enum Ending { COMPLETE, MID_STREAM_ERROR, HANG, TRUNCATE }

    private final List<String> thinking;
    private final List<String> text;
    private final List<ToolCall> toolCalls;
    private final String finishReason;
    private final Duration tokenDelay;
    private final int httpStatus;
    private final String httpErrorBody;
    private final Map<String, String> httpHeaders;
    private final Ending ending;
    private final int endAfterChunks;
    private final String errorMessage;

    private Reply(List<String> thinking, List<String> text, List<ToolCall> toolCalls, String finishReason,
            Duration tokenDelay, int httpStatus, String httpErrorBody, Map<String, String> httpHeaders, Ending ending,
            int endAfterChunks, String errorMessage) {
        this.thinking = List.copyOf(thinking);
        this.text = List.copyOf(text);
        this.toolCalls = List.copyOf(toolCalls);
        this.finishReason = finishReason;
        this.tokenDelay = tokenDelay;
        this.httpStatus = httpStatus;
        this.httpErrorBody = httpErrorBody;
        this.httpHeaders = Map.copyOf(httpHeaders);
        this.ending = ending;
        this.endAfterChunks = endAfterChunks;
        this.errorMessage = errorMessage;
    }

    /** A text answer streamed as exactly these chunks. */
    public static Reply text(String... chunks) {
        return new Reply(List.of(), List.of(chunks), List.of(), null, null, 0, null, Map.of(), Ending.COMPLETE, 0, null);
    }

    /** An answer that is only a tool call (no text), as models usually send them. */
    public static Reply toolCall(String id, String name, String... argumentFragments) {
        return Reply.text().withToolCall(id, name, argumentFragments);
    }

    /**
     * An HTTP error instead of a stream, e.g. {@code httpError(429, "{\"error\":{...}}")}; add headers
     * such as {@code retry-after} with {@link #withHeader}. Chat Completions and the Responses API send
     * the body as it is; Anthropic and Ollama send its {@code error.message} in their own envelope
     * (a body already in that envelope is kept).
     */
    public static Reply httpError(int status, String openAiErrorJson) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HTTP error status is 4xx or 5xx, not " + status);
        }
        return new Reply(List.of(), List.of(), List.of(), null, null, status, Objects.requireNonNull(openAiErrorJson),
                Map.of(), Ending.COMPLETE, 0, null);
    }

    /**
     * Reasoning chunks streamed before the text: {@code delta.reasoning_content} (Chat Completions, as
     * Z.ai does), thinking blocks (Anthropic), a reasoning summary (Responses), {@code thinking} (Ollama).
     */
    public Reply withThinking(String... chunks) {
        return new Reply(List.of(chunks), text, toolCalls, finishReason, tokenDelay, httpStatus, httpErrorBody,
                httpHeaders, ending, endAfterChunks, errorMessage);
    }

    /** Adds a tool call after the text; the reply then finishes with {@code tool_calls} ({@code tool_use}). */
    public Reply withToolCall(String id, String name, String... argumentFragments) {
        List<ToolCall> calls = new ArrayList<>(toolCalls);
        calls.add(new ToolCall(id, name, Arrays.asList(argumentFragments)));
        return new Reply(thinking, text, calls, finishReason, tokenDelay, httpStatus, httpErrorBody, httpHeaders,
                ending, endAfterChunks, errorMessage);
    }

    /**
     * Overrides the finish reason ({@code stop}, or {@code tool_calls} when there are tool calls), in
     * Chat Completions' terms; the other protocols translate it ({@code length} becomes Anthropic's
     * {@code max_tokens}, an incomplete Responses API response and Ollama's {@code done_reason}).
     */
    public Reply withFinishReason(String reason) {
        return new Reply(thinking, text, toolCalls, Objects.requireNonNull(reason), tokenDelay, httpStatus,
                httpErrorBody, httpHeaders, ending, endAfterChunks, errorMessage);
    }

    /** Overrides the simulator's pause before each chunk, for this reply only. */
    public Reply withTokenDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay cannot be negative");
        }
        return new Reply(thinking, text, toolCalls, finishReason, delay, httpStatus, httpErrorBody, httpHeaders,
                ending, endAfterChunks, errorMessage);
    }

    /** A response header sent with an {@link #httpError}, e.g. {@code retry-after: 2}. */
    public Reply withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(httpHeaders);
        headers.put(name, value);
        return new Reply(thinking, text, toolCalls, finishReason, tokenDelay, httpStatus, httpErrorBody, headers,
                ending, endAfterChunks, errorMessage);
    }

    /**
     * After {@code afterChunks} chunks, sends the protocol's in-band error and ends the stream:
     * {@code data: {"error":{...}}}, Anthropic's {@code error} event, the Responses API's {@code error}
     * and {@code response.failed} events, or Ollama's {@code {"error":"…"}} line.
     */
    public Reply midStreamError(int afterChunks, String message) {
        return ending(Ending.MID_STREAM_ERROR, afterChunks, Objects.requireNonNull(message, "message"));
    }

    /**
     * After {@code afterChunks} chunks, sends nothing more and keeps the connection open until the
     * simulator closes (or {@link ProviderSimulator#MAX_HANG} passes).
     */
    public Reply hang(int afterChunks) {
        return ending(Ending.HANG, afterChunks, null);
    }

    /**
     * After {@code afterChunks} chunks, ends the response cleanly but without its end: no finish
     * reason or {@code [DONE]}, no {@code message_stop}, no {@code response.completed}, no {@code done} line.
     */
    public Reply truncate(int afterChunks) {
        return ending(Ending.TRUNCATE, afterChunks, null);
    }

    private Reply ending(Ending newEnding, int afterChunks, String message) {
        if (afterChunks < 0) {
            throw new IllegalArgumentException("afterChunks cannot be negative");
        }
        return new Reply(thinking, text, toolCalls, finishReason, tokenDelay, httpStatus, httpErrorBody, httpHeaders,
                newEnding, afterChunks, message);
    }

    List<String> thinkingChunks() {
        return thinking;
    }

    List<String> textChunks() {
        return text;
    }

    List<ToolCall> toolCalls() {
        return toolCalls;
    }

    String finishReason() {
        return finishReason != null ? finishReason : toolCalls.isEmpty() ? "stop" : "tool_calls";
    }

    /** Null to use the simulator's delay. */
    Duration tokenDelay() {
        return tokenDelay;
    }

    boolean isHttpError() {
        return httpStatus != 0;
    }

    int httpStatus() {
        return httpStatus;
    }

    String httpErrorBody() {
        return httpErrorBody;
    }

    Map<String, String> httpHeaders() {
        return httpHeaders;
    }

    Ending ending() {
        return ending;
    }

    int endAfterChunks() {
        return endAfterChunks;
    }

    String errorMessage() {
        return errorMessage;
    }

    /** Chunks streamed when nothing fails; what the usage reports as completion tokens. */
    int chunkCount() {
        int count = thinking.size() + text.size();
        for (ToolCall call : toolCalls) {
            count += 1 + call.argumentFragments().size();
        }
        return count;
    }

    @Override
    public String toString() {
        return isHttpError() ? "Reply[HTTP " + httpStatus + "]"
                : "Reply[thinking=" + thinking + ", text=" + text + ", toolCalls=" + toolCalls + ", ending=" + ending
                        + (ending == Ending.COMPLETE ? "" : " after " + endAfterChunks) + "]";
    }
}
