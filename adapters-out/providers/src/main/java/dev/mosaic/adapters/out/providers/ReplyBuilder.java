package dev.mosaic.adapters.out.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reply as its pieces arrive, whatever the protocol: content blocks in the order their first piece
 * came, each piece passed on to the listener at once, plus the model and usage reported so far.
 * Decoders translate their wire events into these calls. Once the reply has been taken
 * ({@link #complete} or {@link #fail}) further pieces are dropped unheard: a listener that cancels on
 * one piece of an event must not be given the event's later pieces, nor find them in the reply. Not
 * thread-safe: the transport serialises access.
 */
public final class ReplyBuilder {

    private enum Kind { TEXT, THINKING, TOOL_CALL }

    private static final class Block {
        final Kind kind;
        final StringBuilder text = new StringBuilder();
        final String toolCallId;
        final String toolName;
        String signature;

        Block(Kind kind, String toolCallId, String toolName) {
            this.kind = kind;
            this.toolCallId = toolCallId;
            this.toolName = toolName;
        }
    }

    private final ChatStreamListener listener;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<Integer, Block> toolCallsByIndex = new HashMap<>();
    private boolean blockEnded;
    private boolean taken;
    private String model;
    private Usage usage = Usage.NONE;
    private BigDecimal reportedCostUsd;

    public ReplyBuilder(String requestedModel, ChatStreamListener listener) {
        this.model = requestedModel;
        this.listener = listener;
    }

    /** The model that answers; a blank name keeps the one known so far (at first, the one asked for). */
    public void model(String name) {
        if (name != null && !name.isBlank()) {
            model = name;
        }
    }

    public void usage(Usage reported) {
        usage = reported;
    }

    public Usage usage() {
        return usage;
    }

    /** What the provider says the reply cost, for the providers that say it. */
    public void reportedCostUsd(BigDecimal cost) {
        reportedCostUsd = cost;
    }

    /** A token count as a provider reports it; absent, null or nonsense counts are 0. */
    public static long tokens(JsonNode count) {
        return Math.max(0, count.asLong(0));
    }

    /** Appends to the text block being written, or starts one; empty pieces are no event. */
    public void text(String piece) {
        append(Kind.TEXT, piece);
    }

    /**
     * Adds a note of the gateway's own, such as why a provider stopped, as a text block set apart
     * from any text before it, so that it reaches the listener and the stored reply alike.
     */
    public void notice(String note) {
        boolean first = blocks.isEmpty();
        endBlock();
        text(first ? note : "\n\n" + note);
    }

    /** Appends to the thinking block being written, or starts one. */
    public void thinking(String piece) {
        append(Kind.THINKING, piece);
    }

    /**
     * Appends to the signature of the thinking block being written, starting an empty one if there
     * is none: a thinking block whose text the provider withholds still has to be sent back.
     */
    public void signature(String piece) {
        if (taken || piece == null || piece.isEmpty()) {
            return;
        }
        Block thinking = current(Kind.THINKING);
        thinking.signature = thinking.signature == null ? piece : thinking.signature + piece;
    }

    /**
     * Ends the text or thinking block being written, so that the next piece starts a block of its
     * own: for protocols whose blocks are explicit (two thinking blocks each carry a signature).
     */
    public void endBlock() {
        blockEnded = true;
    }

    public boolean hasToolCall(int index) {
        return toolCallsByIndex.containsKey(index);
    }

    public boolean hasToolCalls() {
        return !toolCallsByIndex.isEmpty();
    }

    /**
     * Starts a tool call. {@code index} identifies it in the later argument pieces; an id the
     * provider leaves out (older Ollama, some OpenAI-compatible servers) becomes {@code call_<index>}.
     */
    public void startToolCall(int index, String id, String name) {
        if (taken) {
            return;
        }
        Block call = new Block(Kind.TOOL_CALL, id == null || id.isBlank() ? "call_" + index : id, name == null ? "" : name);
        toolCallsByIndex.put(index, call);
        blocks.add(call);
        listener.onEvent(new ChatStreamEvent.ToolCallStarted(index, call.toolCallId, call.toolName));
    }

    /** Appends a piece of a started call's JSON arguments; pieces for a call never started are dropped. */
    public void toolCallArguments(int index, String piece) {
        Block call = toolCallsByIndex.get(index);
        if (taken || call == null || piece == null || piece.isEmpty()) {
            return;
        }
        call.text.append(piece);
        listener.onEvent(new ChatStreamEvent.ToolCallDelta(index, piece));
    }

    public ProviderReply complete(StopReason stopReason) {
        taken = true;
        return new ProviderReply(content(), stopReason, usage, model, null, reportedCostUsd);
    }

    public ProviderReply fail(ProviderError error) {
        taken = true;
        return ProviderReply.failed(content(), usage, model, error).withReportedCostUsd(reportedCostUsd);
    }

    private void append(Kind kind, String piece) {
        if (taken || piece == null || piece.isEmpty()) {
            return;
        }
        current(kind).text.append(piece);
        listener.onEvent(kind == Kind.THINKING ? new ChatStreamEvent.ThinkingDelta(piece) : new ChatStreamEvent.TextDelta(piece));
    }

    private Block current(Kind kind) {
        Block last = blocks.isEmpty() ? null : blocks.getLast();
        if (last == null || last.kind != kind || blockEnded) {
            last = new Block(kind, null, null);
            blocks.add(last);
            blockEnded = false;
        }
        return last;
    }

    private List<ContentBlock> content() {
        List<ContentBlock> content = new ArrayList<>(blocks.size());
        for (Block block : blocks) {
            content.add(switch (block.kind) {
                case TEXT -> new ContentBlock.Text(block.text.toString());
                case THINKING -> new ContentBlock.Thinking(block.text.toString(), block.signature);
                case TOOL_CALL -> new ContentBlock.ToolCall(block.toolCallId, block.toolName, block.text.toString());
            });
        }
        return content;
    }
}
