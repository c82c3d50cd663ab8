package dev.mosaic.application.service;

import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the content of a reply from its deltas, in arrival order, so that what arrived so far can
 * be stored while the reply is still streaming (and kept if the provider call dies).
 * Not thread-safe: fed by the one thread that runs the provider call.
 */
final class ReplyRecorder {

    private sealed interface Part {}

    private record TextPart(StringBuilder text) implements Part {}

    private record ThinkingPart(StringBuilder text) implements Part {}

    private record ToolPart(int index, String id, String name, StringBuilder arguments) implements Part {}

    private final List<Part> parts = new ArrayList<>();
    private int count;

    void accept(ChatStreamEvent event) {
        count++;
        switch (event) {
            case ChatStreamEvent.TextDelta(String text) -> {
                if (parts.isEmpty() || !(parts.getLast() instanceof TextPart)) {
                    parts.add(new TextPart(new StringBuilder()));
                }
                ((TextPart) parts.getLast()).text().append(text);
            }
            case ChatStreamEvent.ThinkingDelta(String text) -> {
                if (parts.isEmpty() || !(parts.getLast() instanceof ThinkingPart)) {
                    parts.add(new ThinkingPart(new StringBuilder()));
                }
                ((ThinkingPart) parts.getLast()).text().append(text);
            }
            case ChatStreamEvent.ToolCallStarted(int index, String id, String name) ->
                    parts.add(new ToolPart(index, id, name, new StringBuilder()));
            case ChatStreamEvent.ToolCallDelta(int index, String delta) -> {
                for (int i = parts.size() - 1; i >= 0; i--) {
                    if (parts.get(i) instanceof ToolPart tool && tool.index() == index) {
                        tool.arguments().append(delta);
                        return;
                    }
                }
            }
        }
    }

    /** How many deltas it holds. */
    int count() {
        return count;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    List<ContentBlock> snapshot() {
        List<ContentBlock> blocks = new ArrayList<>(parts.size());
        for (Part part : parts) {
            blocks.add(switch (part) {
                case TextPart(StringBuilder text) -> new ContentBlock.Text(text.toString());
                case ThinkingPart(StringBuilder text) -> new ContentBlock.Thinking(text.toString(), null);
                case ToolPart(int index, String id, String name, StringBuilder arguments) ->
                        new ContentBlock.ToolCall(id == null ? "call_" + index : id, name == null ? "" : name,
                                arguments.toString());
            });
        }
        return blocks;
    }
}
