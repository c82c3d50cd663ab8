package dev.mosaic.domain.conversation;

import dev.mosaic.domain.agent.AgentRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An assistant reply through its life. It starts streaming and grows; it ends once, as complete,
 * partial (an error or an abort cut it short) or interrupted (the gateway stopped while writing it),
 * and never changes after. A complete reply that asks for tools is answered by one tool message
 * holding a result for each of its calls, in their order. The calls the gateway does not run itself
 * are the client's: the exchange ends at them, and the reply awaits the client's results, stored
 * as that tool message when its next request brings them.
 */
public final class Reply {

    public enum State {
        STREAMING,
        COMPLETE,
        PARTIAL,
        INTERRUPTED
    }

    /** What a stored reply says when the gateway stopped before it finished. */
    public static final MessageError INTERRUPTED = new MessageError("interrupted",
            "the gateway stopped before this reply finished");

    private final Message message;

    private Reply(Message message) {
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("a reply is an assistant message");
        }
        this.message = message;
    }

    /** The empty reply stored when a model is asked, so that a crash leaves a trace. */
    public static Reply start(Conversation conversation, String provider, String model, AgentRef agent, Instant now) {
        return new Reply(new Message(MessageId.random(), conversation.id(), conversation.owner(), Role.ASSISTANT,
                List.of(), MessageStatus.STREAMING, Generation.started(provider, model).withAgent(agent), now));
    }

    /** A stored assistant message, in whatever state it was left. */
    public static Reply of(Message stored) {
        return new Reply(stored);
    }

    public Message message() {
        return message;
    }

    public MessageId id() {
        return message.id();
    }

    public State state() {
        return switch (message.status()) {
            case STREAMING -> State.STREAMING;
            case COMPLETE -> State.COMPLETE;
            case PARTIAL -> message.generation().errorIfAny().filter(INTERRUPTED::equals).isPresent() ? State.INTERRUPTED
                    : State.PARTIAL;
        };
    }

    public boolean isStreaming() {
        return message.status() == MessageStatus.STREAMING;
    }

    /** The reply so far, while it streams. */
    public Reply progress(List<ContentBlock> content) {
        requireStreaming("grow");
        return new Reply(message.withProgress(content, message.generation(), MessageStatus.STREAMING));
    }

    /**
     * Ends the reply with what the model wrote: complete when the generation carries no error,
     * partial when it does. The agent that wrote it is kept.
     */
    public Reply finish(List<ContentBlock> content, Generation generation) {
        requireStreaming("end");
        Objects.requireNonNull(generation.stopReason(), "an ended reply says why it stopped");
        Generation kept = generation.agent() == null ? generation.withAgent(message.generation().agent()) : generation;
        MessageStatus status = generation.error() == null ? MessageStatus.COMPLETE : MessageStatus.PARTIAL;
        if (status == MessageStatus.COMPLETE && generation.stopReason() == StopReason.ERROR) {
            throw new IllegalArgumentException("a reply that stopped on an error is partial and says which error");
        }
        return new Reply(message.withProgress(content, kept, status));
    }

    /** Ends a reply whose writer stopped (a gateway that died): what arrived is kept, marked interrupted. */
    public Reply interrupt() {
        requireStreaming("be interrupted");
        Generation g = message.generation();
        return new Reply(message.withProgress(message.content(), new Generation(g.provider(), g.model(), g.usage(),
                StopReason.ERROR, g.timeToFirstToken(), g.duration(), INTERRUPTED, g.costUsd(), g.agent()),
                MessageStatus.PARTIAL));
    }

    /** The tool calls the reply made, in order. */
    public List<ContentBlock.ToolCall> toolCalls() {
        List<ContentBlock.ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.ToolCall call) {
                calls.add(call);
            }
        }
        return calls;
    }

    /**
     * Whether the model ended its turn to have tools run: complete, with calls. The stop reason is not
     * asked: some providers (Ollama) end a turn with calls as an ordinary stop.
     */
    public boolean asksForTools() {
        return message.status() == MessageStatus.COMPLETE && !toolCalls().isEmpty();
    }

    /**
     * The tool message that answers the reply's calls: exactly one result per call, in the calls'
     * order (a model may repeat an id; each of its calls still gets its own result).
     */
    public Message answeredBy(List<ContentBlock.ToolResult> results, Instant now) {
        if (isStreaming()) {
            throw new IllegalStateException("a reply's calls are answered once it has ended");
        }
        mismatch(toolCalls(), results).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return new Message(MessageId.random(), message.conversationId(), message.owner(), Role.TOOL,
                List.copyOf(results), MessageStatus.COMPLETE, null, now);
    }

    /**
     * Why {@code results} do not answer {@code calls}, if they do not: they must hold one result per
     * call, in the calls' order, each naming its call's id.
     */
    public static Optional<String> mismatch(List<ContentBlock.ToolCall> calls, List<ContentBlock.ToolResult> results) {
        if (results.size() != calls.size()) {
            return Optional.of(calls.size() + " calls need " + calls.size() + " results, not " + results.size());
        }
        for (int i = 0; i < calls.size(); i++) {
            if (!results.get(i).toolCallId().equals(calls.get(i).id())) {
                return Optional.of("result " + i + " answers " + results.get(i).toolCallId() + ", not call "
                        + calls.get(i).id());
            }
        }
        return Optional.empty();
    }

    /**
     * The reply that ends a conversation's messages asking for tools, with no tool message after it
     * yet: it awaits results (the client's, or those a stopped gateway never stored).
     */
    public static Optional<Reply> unanswered(List<Message> messages) {
        if (messages.isEmpty() || messages.getLast().role() != Role.ASSISTANT) {
            return Optional.empty();
        }
        Reply last = new Reply(messages.getLast());
        return last.asksForTools() ? Optional.of(last) : Optional.empty();
    }

    /** The calls the client answers, in order: those whose tool the gateway does not run. */
    public List<ContentBlock.ToolCall> clientCalls(Predicate<String> gatewayRuns) {
        return toolCalls().stream().filter(call -> !gatewayRuns.test(call.name())).toList();
    }

    /** The tool message that closes every call of the reply without running it, saying why. */
    public Message closedUnrun(String why, Instant now) {
        return answeredBy(toolCalls().stream().map(c -> new ContentBlock.ToolResult(c.id(), why, true)).toList(), now);
    }

    private void requireStreaming(String what) {
        if (!isStreaming()) {
            throw new IllegalStateException("reply " + message.id() + " has ended (" + state() + ") and cannot " + what);
        }
    }
}
