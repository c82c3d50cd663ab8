package dev.mosaic.benchmarks;

import dev.mosaic.adapters.out.tokenizer.JtokkitTokenCounter;
import dev.mosaic.application.fakes.InMemoryCheckpoints;
import dev.mosaic.application.fakes.InMemoryConversations;
import dev.mosaic.application.fakes.ScriptedProvider;
import dev.mosaic.application.service.CalibratedTokenCounter;
import dev.mosaic.application.service.ChatSettings;
import dev.mosaic.application.service.ContextManager;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the context check costs per message sent: {@link ContextManager#prepare} on a conversation
 * of N stored messages that fits its window (the common case: count, compare, send as is), with the
 * exact OpenAI tokenizer and with the estimate other models get. Run with
 * {@code ./mosaic bench-context [--messages N] [--rounds N]}.
 */
public final class ContextCheckBenchmark {

    public static void main(String[] args) {
        int messages = 500;
        int rounds = 2000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: ContextCheckBenchmark [--messages N] [--rounds N]");
            }
        }
        UserId user = UserId.random();
        InMemoryConversations store = new InMemoryConversations();
        Conversation conversation = Conversation.start(user, "benchmark", Instant.now());
        store.create(user, conversation);
        List<Message> history = history(conversation, messages);
        ContextManager manager = new ContextManager(new InMemoryCheckpoints(store),
                new CalibratedTokenCounter(new JtokkitTokenCounter()), Clock.systemUTC());
        ScriptedProvider unused = new ScriptedProvider("none", (request, listener, cancellation) -> {
            throw new IllegalStateException("the benchmark's conversation fits; nothing is summarized");
        });
        System.out.printf(Locale.ROOT, "%nContext check: %d messages of about 300 characters, %d rounds after warm-up; %d cores, Java %s%n%n",
                messages, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.println("| model (tokenizer) | p50 | p99 | max | tokens in context |");
        System.out.println("|---|---|---|---|---|");
        for (String model : List.of("gpt-4o", "claude-sonnet-4-6")) {
            ChatSettings settings = new ChatSettings("bench", model, 1_000_000, "You are Mosaic.", "benchmark", false,
                    Duration.ofSeconds(1), null);
            long tokens = 0;
            for (int i = 0; i < rounds / 4; i++) {
                tokens = manager.prepare(user, conversation, history, settings, unused).estimatedTokens();
            }
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                manager.prepare(user, conversation, history, settings, unused);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "| %s (%s) | %.3f ms | %.3f ms | %.3f ms | %,d |%n", model,
                    model.startsWith("gpt") ? "o200k_base, exact" : "estimate", nanos[rounds / 2] / 1e6,
                    nanos[(int) Math.ceil(rounds * 0.99) - 1] / 1e6, nanos[rounds - 1] / 1e6, tokens);
        }
    }

    private static List<Message> history(Conversation conversation, int count) {
        String[] words = ("the quick brown fox jumps over the lazy dog while we plan a trip to Lisbon and Porto, "
                + "compare train timetables, book a hotel near the river, and keep a budget in euros").split(" ");
        Random random = new Random(42);
        List<Message> history = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 300) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            Message message = i % 2 == 0 ? Message.fromUser(conversation, text.toString(), Instant.now())
                    : Message.assistantStarted(conversation, "bench", "model", Instant.now())
                            .withProgress(List.of(new ContentBlock.Text(text.toString())),
                                    Message.assistantStarted(conversation, "bench", "model", Instant.now()).generation(),
                                    MessageStatus.COMPLETE);
            history.add(message);
        }
        return history;
    }
}
