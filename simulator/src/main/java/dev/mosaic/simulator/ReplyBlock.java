package dev.mosaic.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * One block of a reply as every protocol streams it: the reasoning, the text, or one tool call. The
 * protocols that number their blocks (Anthropic's content index, the Responses API's output index)
 * use {@link #index}.
 *
 * @param index the block's position in the reply, 0 for the first
 * @param toolIndex the tool call's position among the reply's tool calls; 0 for other blocks
 * @param toolCall the call of a {@link Kind#TOOL_CALL} block, else null
 * @param pieces the chunks of a reasoning or text block; the argument fragments of a tool call
 */
record ReplyBlock(Kind kind, int index, int toolIndex, Reply.ToolCall toolCall, List<String> pieces) {

    enum Kind { THINKING, TEXT, TOOL_CALL }

    /** Reasoning, then text, then each tool call, leaving out the empty ones, as {@link Reply} streams them. */
    static List<ReplyBlock> of(Reply reply) {
        List<ReplyBlock> blocks = new ArrayList<>();
        if (!reply.thinkingChunks().isEmpty()) {
            blocks.add(new ReplyBlock(Kind.THINKING, blocks.size(), 0, null, reply.thinkingChunks()));
        }
        if (!reply.textChunks().isEmpty()) {
            blocks.add(new ReplyBlock(Kind.TEXT, blocks.size(), 0, null, reply.textChunks()));
        }
        for (int call = 0; call < reply.toolCalls().size(); call++) {
            Reply.ToolCall toolCall = reply.toolCalls().get(call);
            blocks.add(new ReplyBlock(Kind.TOOL_CALL, blocks.size(), call, toolCall, toolCall.argumentFragments()));
        }
        return blocks;
    }

    /** A tool call's start counts as a chunk of its own, before its argument fragments. */
    int chunks() {
        return kind == Kind.TOOL_CALL ? 1 + pieces.size() : pieces.size();
    }

    /** The piece streamed as chunk {@code chunk}; for a tool call chunk 0 is its start and has none. */
    String piece(int chunk) {
        return kind == Kind.TOOL_CALL ? pieces.get(chunk - 1) : pieces.get(chunk);
    }

    /** The whole reasoning, text or argument string. */
    String text() {
        return String.join("", pieces);
    }
}
