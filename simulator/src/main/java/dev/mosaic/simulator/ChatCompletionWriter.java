package dev.mosaic.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes one reply in OpenAI's Chat Completions shapes: as {@code chat.completion.chunk} server-sent
 * events, or as one {@code chat.completion} object.
 */
final class ChatCompletionWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final Reply reply;
    private final String id;
    private final String model;
    private final long created;
    private final int promptTokens;

    ChatCompletionWriter(Reply reply, long sequence, String model, int promptTokens) {
        this.reply = reply;
        this.id = "chatcmpl-sim" + sequence;
        this.model = model;
        this.created = System.currentTimeMillis() / 1000;
        this.promptTokens = promptTokens;
    }

    /**
     * Streams the reply, flushing every event on its own so each chunk leaves at once.
     *
     * @param closing counted down when the simulator closes; ends pauses and hangs early
     */
    void stream(OutputStream out, boolean includeUsage, Duration delay, ChunkObserver observer, long sequence,
            CountDownLatch closing) throws IOException, InterruptedException {
        List<ObjectNode> deltas = contentDeltas();
        ObjectNode opening = JSON.createObjectNode().put("role", "assistant");
        if (reply.textChunks().isEmpty() && reply.thinkingChunks().isEmpty() && !reply.toolCalls().isEmpty()) {
            opening.putNull("content");
        } else {
            opening.put("content", "");
        }
        opening.putNull("refusal");
        send(out, chunk(opening, null, includeUsage));
        boolean endsEarly = reply.ending() != Reply.Ending.COMPLETE;
        int sent = endsEarly ? Math.min(reply.endAfterChunks(), deltas.size()) : deltas.size();
        for (int index = 0; index < sent; index++) {
            if (!delay.isZero() && closing.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            byte[] event = encode(chunk(deltas.get(index), null, includeUsage));
            if (observer != null) {
                observer.beforeChunk(sequence, index, System.nanoTime());
            }
            write(out, event);
        }
        if (endsEarly) {
            endEarly(out, closing);
            return;
        }
        send(out, chunk(JSON.createObjectNode(), reply.finishReason(), includeUsage));
        if (includeUsage) {
            ObjectNode last = envelope();
            last.putArray("choices");
            last.set("usage", usage());
            send(out, last);
        }
        write(out, DONE);
    }

    /** The whole reply as one {@code chat.completion}; stream-only failures do not apply. */
    ObjectNode completion() {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        String text = String.join("", reply.textChunks());
        if (text.isEmpty() && !reply.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        if (!reply.thinkingChunks().isEmpty()) {
            message.put("reasoning_content", String.join("", reply.thinkingChunks()));
        }
        if (!reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (Reply.ToolCall call : reply.toolCalls()) {
                ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        message.putNull("refusal");
        ObjectNode completion = envelope().put("object", "chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.finishReason());
        completion.set("usage", usage());
        return completion;
    }

    /** A truncated stream needs nothing more: the response then ends without a finish reason or [DONE]. */
    private void endEarly(OutputStream out, CountDownLatch closing) throws IOException, InterruptedException {
        if (reply.ending() == Reply.Ending.MID_STREAM_ERROR) {
            send(out, OpenAiErrors.error(reply.errorMessage(), "server_error", null, null));
        } else if (reply.ending() == Reply.Ending.HANG) {
            closing.await(ProviderSimulator.MAX_HANG.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Reasoning, then text, then each tool call's start and argument pieces, keyed by index. */
    private List<ObjectNode> contentDeltas() {
        List<ObjectNode> deltas = new ArrayList<>();
        reply.thinkingChunks().forEach(piece -> deltas.add(JSON.createObjectNode().put("reasoning_content", piece)));
        reply.textChunks().forEach(piece -> deltas.add(JSON.createObjectNode().put("content", piece)));
        for (int index = 0; index < reply.toolCalls().size(); index++) {
            Reply.ToolCall call = reply.toolCalls().get(index);
            ObjectNode start = toolCallDelta(deltas, index).put("id", call.id()).put("type", "function");
            start.putObject("function").put("name", call.name()).put("arguments", "");
            for (String fragment : call.argumentFragments()) {
                toolCallDelta(deltas, index).putObject("function").put("arguments", fragment);
            }
        }
        return deltas;
    }

    private static ObjectNode toolCallDelta(List<ObjectNode> deltas, int index) {
        ObjectNode delta = JSON.createObjectNode();
        deltas.add(delta);
        return delta.putArray("tool_calls").addObject().put("index", index);
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason, boolean includeUsage) {
        ObjectNode chunk = envelope();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            // OpenAI sends "usage": null on every chunk but the last when usage is asked for.
            chunk.putNull("usage");
        }
        return chunk;
    }

    private ObjectNode envelope() {
        return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model).put("system_fingerprint", "fp_simulator");
    }

    private ObjectNode usage() {
        int completion = reply.chunkCount();
        ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", promptTokens)
                .put("completion_tokens", completion).put("total_tokens", promptTokens + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reply.thinkingChunks().size());
        return usage;
    }

    private static void send(OutputStream out, ObjectNode event) throws IOException {
        write(out, encode(event));
    }

    private static byte[] encode(ObjectNode event) {
        return ("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, byte[] event) throws IOException {
        out.write(event);
        out.flush();
    }
}
