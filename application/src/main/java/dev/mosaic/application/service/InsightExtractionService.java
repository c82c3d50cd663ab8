package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ExtractInsightsUseCase;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.in.ManageMemoryUseCase.Outcome;
import dev.mosaic.application.port.out.Conversations;
import dev.mosaic.application.view.InsightSearch;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.user.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the summarization model for the lasting facts of a conversation, one per line, and saves
 * those the user's memory does not hold yet. Which model answers, and with whose credentials, is
 * the caller's {@link Summarizer}: routing picks it as for any summarization task.
 */
public final class InsightExtractionService implements ExtractInsightsUseCase {
    /** The end of a conversation is read, up to this many characters: its latest turns matter most. */
    static final int MAX_TRANSCRIPT = 12_000;
    /** A fact at least this similar to one already remembered is the same fact. */
    static final double SAME_FACT = 0.9;
    static final int MAX_FACTS = 10;

    static final String INSTRUCTIONS = """
            Read the conversation below and list the lasting facts it reveals about the user: who they are, \
            what they work on, what they like or need. Leave out passing details, the assistant's own \
            statements, and anything the user asked to forget. Write each fact as one short sentence that \
            makes sense on its own, one per line, each line starting with "- ". Write "- none" when there is \
            nothing worth remembering.""";

    /** The model that reads the conversation: given the instructions and the transcript, its answer. */
    @FunctionalInterface
    public interface Summarizer {
        String ask(UserId actor, String instructions, String transcript) throws Exception;
    }

    private final Conversations conversations;
    private final ManageMemoryUseCase memory;
    private final Summarizer summarizer;

    public InsightExtractionService(Conversations conversations, ManageMemoryUseCase memory, Summarizer summarizer) {
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
    }

    @Override
    public Extracted extractInsights(UserId actor, ConversationId conversation) {
        List<Message> messages = conversations.messages(actor, conversation);
        if (messages.isEmpty()) {
            return failed("no conversation " + conversation + " with messages");
        }
        String answer;
        try {
            answer = summarizer.ask(actor, INSTRUCTIONS, transcript(messages));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        } catch (Exception e) {
            return failed("the summarization model failed: " + e.getMessage());
        }
        List<String> facts = facts(answer);
        Message source = messages.getLast();
        List<Insight> saved = new ArrayList<>();
        for (String fact : facts) {
            if (Insight.textProblem(fact).isPresent()) {
                continue;
            }
            Outcome<InsightSearch> nearest = memory.search(actor, fact, 1);
            if (nearest instanceof Outcome.Rejected<InsightSearch> rejected) {
                return new Extracted(facts.size(), saved, Optional.of(rejected.rejection().message()));
            }
            if (nearest instanceof Outcome.Done<InsightSearch>(InsightSearch found)
                    && !found.hits().isEmpty() && found.hits().getFirst().similarity() >= SAME_FACT) {
                continue;
            }
            switch (memory.saveInsight(actor, fact, conversation, source.id())) {
                case Outcome.Done<Insight>(Insight insight) -> saved.add(insight);
                case Outcome.Rejected<Insight> rejected -> {
                    return new Extracted(facts.size(), saved, Optional.of(rejected.rejection().message()));
                }
            }
        }
        return new Extracted(facts.size(), saved, Optional.empty());
    }

    /** The conversation's latest turns that fit, each as "role: text". */
    static String transcript(List<Message> messages) {
        List<String> turns = new ArrayList<>();
        int length = 0;
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message message = messages.get(i);
            if (message.text().isBlank()) {
                continue;
            }
            String turn = message.role().name().toLowerCase(Locale.ROOT) + ": " + message.text().strip();
            if (length + turn.length() > MAX_TRANSCRIPT) {
                break;
            }
            turns.addFirst(turn);
            length += turn.length() + 2;
        }
        return String.join("\n\n", turns);
    }

    /** The model's "- " lines, without "none" and without repeats, at most {@value #MAX_FACTS}. */
    static List<String> facts(String answer) {
        List<String> facts = new ArrayList<>();
        for (String line : answer.split("\\R")) {
            String fact = line.strip();
            if (!fact.startsWith("- ")) {
                continue;
            }
            fact = fact.substring(2).strip();
            if (!fact.isEmpty() && !fact.equalsIgnoreCase("none") && !facts.contains(fact) && facts.size() < MAX_FACTS) {
                facts.add(fact);
            }
        }
        return facts;
    }

    private static Extracted failed(String why) {
        return new Extracted(0, List.of(), Optional.of(why));
    }
}
