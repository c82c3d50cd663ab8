package dev.mosaic.application.service;

import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.out.Checkpoints;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Keeps what is sent to a model inside its context window. A request that would use more than
 * {@value #THRESHOLD_PERCENT}% of the active model's window has its oldest messages folded into a
 * {@link ContextCheckpoint} summary (earlier checkpoints are folded in again as the conversation
 * keeps growing), keeping the most recent messages that fit half the window. The stored messages
 * are never touched. If the summarizer fails, the oldest messages are left out instead, with a
 * marker in the context saying so.
 */
public final class ContextManager {

    static final int THRESHOLD_PERCENT = 80;
    static final int RECENT_PERCENT = 50;
    /** What a message costs beyond its text in every wire format (role, separators). */
    static final int MESSAGE_OVERHEAD = 4;
    static final String SUMMARY_PROMPT = """
            You write context checkpoints. Summarize the conversation below so that it can replace the \
            original messages: keep every fact, name, number, decision, open question and instruction the \
            user gave, and what the assistant committed to. Write plain prose, in the conversation's \
            language, as short as completeness allows. Do not add anything that is not in the messages.""";
    private static final Logger LOG = Logger.getLogger(ContextManager.class.getName());

    /**
     * What to send, and what happened to the context on the way.
     *
     * @param estimatedTokens the prompt's estimated size, system prompt included
     */
    public record Prepared(List<Message> context, long estimatedTokens, Optional<ConversationEvent.ContextCompacted> compacted) {}

    /** How full the context is, for {@code /history}. */
    public record Status(long tokensInContext, int contextWindow, int checkpoints, int messagesCovered) {}

    private final Checkpoints checkpoints;
    private final CalibratedTokenCounter tokens;
    private final Clock clock;
    /** Token counts of finished messages, which never change; exact tokenizers are too slow to rerun per request. */
    private final Map<CountKey, Long> counted = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CountKey, Long> eldest) {
            return size() > COUNT_CACHE_SIZE;
        }
    });

    private record CountKey(MessageId message, String model) {}

    private final Map<PromptKey, Long> prompts = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PromptKey, Long> eldest) {
            return size() > PROMPT_CACHE_SIZE;
        }
    });

    private record PromptKey(String prompt, String model) {}

    static final int PROMPT_CACHE_SIZE = 1_000;

    static final int COUNT_CACHE_SIZE = 200_000;

    public ContextManager(Checkpoints checkpoints, CalibratedTokenCounter tokens, Clock clock) {
        this.checkpoints = Objects.requireNonNull(checkpoints);
        this.tokens = Objects.requireNonNull(tokens);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The context for the next request: the latest checkpoint, if any, and the messages after it;
     * compacted first when that is over the threshold for {@code chosen}'s window.
     *
     * @param history every stored message of the conversation, oldest first, the new question last
     */
    public Prepared prepare(UserId actor, Conversation conversation, List<Message> history, ChatSettings chosen,
            ChatProvider summarizer) {
        // A checkpoint covers earlier messages, so a conversation's first message has none to look up.
        return prepare(actor, conversation, history, chosen, summarizer,
                history.size() <= 1 ? Optional.empty() : latest(actor, conversation));
    }

    /**
     * As {@link #prepare(UserId, Conversation, List, ChatSettings, ChatProvider)}, with the conversation's newest
     * checkpoint already known (read with its history, while nobody else may add one), so it is not looked up.
     */
    public Prepared prepare(UserId actor, Conversation conversation, List<Message> history, ChatSettings chosen,
            ChatProvider summarizer, Optional<ContextCheckpoint> checkpoint) {
        List<Message> live = after(history, checkpoint);
        long system = systemTokens(chosen);
        long checkpointTokens = checkpoint.map(c -> tokens.count(chosen.model(), c.summary())).orElse(0L);
        long total = system + checkpointTokens + sum(chosen.model(), live);
        if (total * 100 <= (long) chosen.contextWindow() * THRESHOLD_PERCENT) {
            return new Prepared(withCheckpoint(checkpoint, live), total, Optional.empty());
        }
        List<Message> recent = recent(chosen, live, system);
        List<Message> fold = live.subList(0, live.size() - recent.size());
        if (fold.isEmpty()) {
            // Only the newest messages are left and they alone are too long; the provider will say so.
            return new Prepared(withCheckpoint(checkpoint, live), total, Optional.empty());
        }
        long foldTokens = checkpointTokens + sum(chosen.model(), fold);
        int covered = checkpoint.map(ContextCheckpoint::messagesCovered).orElse(0) + fold.size();
        Optional<String> summary = summarize(checkpoint, fold, chosen, summarizer);
        if (summary.isEmpty()) {
            Message marker = note(conversation, "[" + covered + " earlier messages of this conversation are left out "
                    + "here because they no longer fit the model's context window.]");
            List<Message> context = new ArrayList<>();
            context.add(marker);
            context.addAll(recent);
            long after = system + sum(chosen.model(), context);
            return new Prepared(context, after, Optional.of(new ConversationEvent.ContextCompacted(conversation.id(),
                    false, covered, total, after, chosen.contextWindow(), chosen.summarizerModel(),
                    "the summarizer was unavailable, so the oldest messages were left out of the context")));
        }
        ContextCheckpoint made = new ContextCheckpoint(UUID.randomUUID(), conversation.id(), actor, summary.get(),
                checkpoint.map(ContextCheckpoint::firstCovered).orElse(fold.getFirst().id()), fold.getLast().id(), covered,
                foldTokens, tokens.count(chosen.model(), summary.get()), chosen.provider(), chosen.summarizerModel(),
                clock.instant());
        checkpoints.store(actor, made);
        List<Message> context = withCheckpoint(Optional.of(made), recent);
        long after = system + made.summaryTokens() + sum(chosen.model(), recent);
        return new Prepared(context, after, Optional.of(new ConversationEvent.ContextCompacted(conversation.id(), true,
                covered, total, after, chosen.contextWindow(), chosen.summarizerModel(),
                "a checkpoint now summarizes the " + covered + " oldest messages")));
    }

    /** How much of {@code chosen}'s window the conversation fills as it would be sent now. */
    public Status status(UserId actor, Conversation conversation, List<Message> history, ChatSettings chosen) {
        List<ContextCheckpoint> all = checkpoints.of(actor, conversation.id());
        Optional<ContextCheckpoint> checkpoint = all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        long total = systemTokens(chosen)
                + checkpoint.map(c -> tokens.count(chosen.model(), c.summary())).orElse(0L)
                + sum(chosen.model(), after(history, checkpoint));
        return new Status(total, chosen.contextWindow(), all.size(),
                checkpoint.map(ContextCheckpoint::messagesCovered).orElse(0));
    }

    /** After a reply: what the provider counted for the prompt corrects later estimates. */
    public void learn(String model, long estimatedPromptTokens, long reportedPromptTokens) {
        tokens.observe(model, estimatedPromptTokens, reportedPromptTokens);
    }

    private Optional<ContextCheckpoint> latest(UserId actor, Conversation conversation) {
        List<ContextCheckpoint> all = checkpoints.of(actor, conversation.id());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** The messages a checkpoint does not cover, without replies that never produced anything. */
    private static List<Message> after(List<Message> history, Optional<ContextCheckpoint> checkpoint) {
        int start = 0;
        if (checkpoint.isPresent()) {
            MessageId last = checkpoint.get().lastCovered();
            for (int i = 0; i < history.size(); i++) {
                if (history.get(i).id().equals(last)) {
                    start = i + 1;
                    break;
                }
            }
        }
        return history.subList(start, history.size()).stream()
                .filter(m -> !(m.role() == Role.ASSISTANT && m.content().isEmpty()))
                .filter(m -> m.status() != MessageStatus.STREAMING)
                .toList();
    }

    /** The newest messages that fit in {@value #RECENT_PERCENT}% of the window; always at least the newest one. */
    private List<Message> recent(ChatSettings chosen, List<Message> live, long system) {
        long budget = (long) chosen.contextWindow() * RECENT_PERCENT / 100 - system;
        long used = 0;
        int from = live.size() - 1;
        used += cost(chosen.model(), live.get(from));
        while (from > 0 && used + cost(chosen.model(), live.get(from - 1)) <= budget) {
            from--;
            used += cost(chosen.model(), live.get(from));
        }
        return live.subList(from, live.size());
    }

    private Optional<String> summarize(Optional<ContextCheckpoint> previous, List<Message> fold, ChatSettings chosen,
            ChatProvider summarizer) {
        StringBuilder transcript = new StringBuilder();
        previous.ifPresent(c -> transcript.append("Summary of what came before:\n").append(c.summary()).append("\n\n"));
        for (Message m : fold) {
            transcript.append(m.role().name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(render(m)).append('\n');
        }
        Message request = new Message(MessageId.random(), fold.getFirst().conversationId(), fold.getFirst().owner(),
                Role.USER, List.of(new ContentBlock.Text(transcript.toString())), MessageStatus.COMPLETE, null, clock.instant());
        ProviderReply reply = summarizer.stream(new ChatRequest(chosen.summarizerModel(), SUMMARY_PROMPT, List.of(request), 0),
                event -> { }, new Cancellation());
        String text = reply.content().stream().filter(b -> b instanceof ContentBlock.Text)
                .map(b -> ((ContentBlock.Text) b).text()).reduce("", String::concat).strip();
        if (reply.errorIfAny().isPresent() || text.isEmpty()) {
            LOG.warning(() -> "context summary failed: " + reply.errorIfAny().map(e -> e.message()).orElse("empty summary"));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static List<Message> withCheckpoint(Optional<ContextCheckpoint> checkpoint, List<Message> live) {
        if (checkpoint.isEmpty()) {
            return live;
        }
        ContextCheckpoint c = checkpoint.get();
        List<Message> context = new ArrayList<>(live.size() + 1);
        context.add(new Message(new MessageId(c.id()), c.conversationId(), c.owner(), Role.USER,
                List.of(new ContentBlock.Text("Summary of the earlier part of this conversation (it stands in for "
                        + c.messagesCovered() + " messages):\n" + c.summary())),
                MessageStatus.COMPLETE, null, c.createdAt()));
        context.addAll(live);
        return context;
    }

    private Message note(Conversation conversation, String text) {
        return new Message(MessageId.random(), conversation.id(), conversation.owner(), Role.USER,
                List.of(new ContentBlock.Text(text)), MessageStatus.COMPLETE, null, clock.instant());
    }

    private long sum(String model, List<Message> messages) {
        long total = 0;
        for (Message m : messages) {
            total += cost(model, m);
        }
        return total;
    }

    /** The system prompt's tokens; the few prompts (the default, those of rules) are counted once per model. */
    private long systemTokens(ChatSettings chosen) {
        long uncorrected = prompts.computeIfAbsent(new PromptKey(chosen.systemPrompt(), chosen.model()),
                key -> tokens.uncorrected(key.model(), key.prompt()));
        return Math.round(uncorrected * tokens.factor(chosen.model()));
    }

    private long cost(String model, Message message) {
        long uncorrected = message.status() == MessageStatus.STREAMING
                ? tokens.uncorrected(model, render(message))
                : counted.computeIfAbsent(new CountKey(message.id(), model), key -> tokens.uncorrected(model, render(message)));
        return Math.round(uncorrected * tokens.factor(model)) + MESSAGE_OVERHEAD;
    }

    /** Everything of a message a model reads: text, tool calls and their results (not thinking). */
    private static String render(Message message) {
        StringBuilder out = new StringBuilder();
        for (ContentBlock block : message.content()) {
            switch (block) {
                case ContentBlock.Text(String text) -> out.append(text);
                case ContentBlock.ToolCall(String id, String name, String arguments) ->
                        out.append(" [tool call ").append(name).append(' ').append(arguments).append(']');
                case ContentBlock.ToolResult(String callId, String content, boolean isError) ->
                        out.append(" [tool result ").append(content).append(']');
                case ContentBlock.Thinking thinking -> { }
            }
        }
        return out.toString();
    }
}
