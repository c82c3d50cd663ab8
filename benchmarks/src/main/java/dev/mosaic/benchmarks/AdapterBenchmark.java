package dev.mosaic.benchmarks;

import static dev.mosaic.benchmarks.ChunkSendTimes.carries;
import static dev.mosaic.benchmarks.ChunkSendTimes.percentile;
import static dev.mosaic.benchmarks.ChunkSendTimes.reply;

import com.sun.management.OperatingSystemMXBean;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicConfig;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatCompletionsAdapter;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiResponsesAdapter;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.simulator.ChunkObserver;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.SimulatorOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * What each provider adapter costs per streamed event and at the first token. One JVM runs the
 * provider simulator and, one reply at a time and alternating, each adapter and a
 * raw OkHttp client that posts the very request the adapter sent and only reads lines. So the
 * difference between the two is the adapter: framing, JSON parsing, assembling the reply and the
 * hand-off from OkHttp's reading thread to the caller.
 *
 * <ul>
 *   <li>per event: simulator's timestamp before it writes a chunk to the listener's callback (adapter)
 *       or to the line that carries the chunk (raw); includes loopback;
 *   <li>time to first token: from the start of the call to the first content chunk;
 *   <li>long reply: wall time and process CPU time of one reply of many chunks, divided by the
 *       chunks. The CPU time also counts the simulator's writing, which is the same for both
 *       readers, so adapter minus raw is the adapter's parse cost per event.
 * </ul>
 *
 * Run with {@code ./mosaic bench-adapters [--replies N] [--warmup N] [--chunks N] [--delay-ms N]
 * [--long-chunks N] [--long-replies N]}. With no delay (the default) the simulator writes faster than
 * any reader parses, so the per-event figure includes the backlog; {@code --delay-ms 1} shows one
 * event on its own.
 */
public final class AdapterBenchmark {

    private static final String KEY = "bench";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Options(int replies, int warmup, int chunks, int delayMillis, int longChunks, int longReplies) {
        static Options parse(String[] args) {
            Map<String, Integer> values = new HashMap<>(Map.of("--replies", 300, "--warmup", 50, "--chunks", 200,
                    "--delay-ms", 0, "--long-chunks", 5000, "--long-replies", 20));
            for (int i = 0; i < args.length; i++) {
                if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: AdapterBenchmark " + values.keySet().stream().sorted()
                            .map(k -> "[" + k + " N]").reduce("", (a, b) -> a + " " + b));
                }
                values.put(args[i], Integer.parseInt(args[++i]));
            }
            return new Options(values.get("--replies"), values.get("--warmup"), values.get("--chunks"),
                    values.get("--delay-ms"), values.get("--long-chunks"), values.get("--long-replies"));
        }
    }

    private record Protocol(String name, ChatProvider adapter) {}

    /** One reader's samples for one protocol, in nanoseconds. */
    private static final class Samples {
        final List<Long> perEvent = new ArrayList<>();
        final List<Long> firstToken = new ArrayList<>();
        // Summed over all long replies: the process CPU clock ticks in steps of about 10 ms.
        long longEvents;
        long longWall;
        long longCpu;
    }

    /** When each content chunk of one reply arrived, and how long the whole reply took. */
    private record Arrivals(long started, long[] times, long wallNanos, long cpuNanos) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        ChunkSendTimes sendTimes = new ChunkSendTimes();
        OkHttpClient http = ProviderHttpClients.create();
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults()
                .withTokenDelay(Duration.ofMillis(options.delayMillis())).withChunkObserver(sendTimes))) {
            Secret key = Secret.ofNullable(KEY);
            List<Protocol> protocols = List.of(
                    new Protocol("OpenAI Chat Completions", new OpenAiChatCompletionsAdapter(
                            OpenAiChatConfig.of("bench", simulator.baseUrl(), key), http)),
                    new Protocol("OpenAI Responses", new OpenAiResponsesAdapter(
                            OpenAiChatConfig.of("bench", simulator.baseUrl(), key), http)),
                    new Protocol("Anthropic Messages", new AnthropicMessagesAdapter(
                            AnthropicConfig.of("bench", simulator.rootUrl(), key), http)),
                    new Protocol("Ollama chat", new OllamaChatAdapter(OllamaConfig.of("bench", simulator.rootUrl()), http)));
            ChatRequest request = new ChatRequest(ProviderSimulator.MODEL, "", List.of(Message.fromUser(
                    Conversation.start(UserId.random(), "hello", Instant.EPOCH), "hello", Instant.EPOCH)), 0);
            System.out.printf(Locale.ROOT, "%nAdapter benchmark: %d replies of %d chunks (%d ms apart) per protocol and "
                    + "reader after %d warm-up replies; %d replies of %d chunks (no delay) for the long reply; %d cores, "
                    + "Java %s, load average %.2f at the start%n", options.replies(), options.chunks(), options.delayMillis(),
                    options.warmup(), options.longReplies(), options.longChunks(), Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), OS.getSystemLoadAverage());
            for (Protocol protocol : protocols) {
                measure(protocol, request, simulator, sendTimes, http, options);
            }
            System.out.printf(Locale.ROOT, "%nLoad average at the end: %.2f%n", OS.getSystemLoadAverage());
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static void measure(Protocol protocol, ChatRequest request, ProviderSimulator simulator, ChunkSendTimes sendTimes,
            OkHttpClient http, Options options) throws Exception {
        Samples adapter = new Samples();
        Samples raw = new Samples();
        // The raw reader sends exactly what the adapter sent, so both get the same reply bytes.
        simulator.script(reply(1));
        throughAdapter(protocol.adapter(), request, 1);
        RecordedRequest sent = simulator.lastRequest();
        Request rawRequest = new Request.Builder().url(simulator.rootUrl() + sent.path())
                .header("Authorization", "Bearer " + KEY)
                .post(RequestBody.create(sent.body().toString(), JSON)).build();

        for (int round = 0; round < options.warmup() + options.replies(); round++) {
            boolean counted = round >= options.warmup();
            record(counted ? adapter : null, sendTimes, simulator, options.chunks(),
                    () -> throughAdapter(protocol.adapter(), request, options.chunks()));
            record(counted ? raw : null, sendTimes, simulator, options.chunks(),
                    () -> rawRead(http, rawRequest, options.chunks()));
        }
        for (int round = 0; round < 2 + options.longReplies(); round++) {
            boolean counted = round >= 2;
            recordLong(counted ? adapter : null, simulator, sendTimes, options.longChunks(),
                    () -> throughAdapter(protocol.adapter(), request, options.longChunks()));
            recordLong(counted ? raw : null, simulator, sendTimes, options.longChunks(),
                    () -> rawRead(http, rawRequest, options.longChunks()));
        }
        report(protocol.name(), sent.path(), adapter, raw);
    }

    @FunctionalInterface
    private interface Reader {
        Arrivals read() throws Exception;
    }

    private static void record(Samples samples, ChunkSendTimes sendTimes, ProviderSimulator simulator, int chunks, Reader reader)
            throws Exception {
        simulator.script(reply(chunks));
        sendTimes.expect(chunks);
        Arrivals arrivals = reader.read();
        if (samples != null) {
            for (int i = 0; i < chunks; i++) {
                samples.perEvent.add(arrivals.times()[i] - sendTimes.at(i));
            }
            samples.firstToken.add(arrivals.times()[0] - arrivals.started());
        }
    }

    private static void recordLong(Samples samples, ProviderSimulator simulator, ChunkSendTimes sendTimes, int chunks,
            Reader reader) throws Exception {
        simulator.script(reply(chunks).withTokenDelay(Duration.ZERO));
        sendTimes.expect(0);
        Arrivals arrivals = reader.read();
        if (samples != null) {
            samples.longEvents += chunks;
            samples.longWall += arrivals.wallNanos();
            samples.longCpu += arrivals.cpuNanos();
        }
    }

    private static Arrivals throughAdapter(ChatProvider adapter, ChatRequest request, int chunks) {
        long[] times = new long[chunks];
        int[] count = {0};
        long cpu = OS.getProcessCpuTime();
        long started = System.nanoTime();
        ProviderReply reply = adapter.stream(request, event -> {
            if (event instanceof ChatStreamEvent.TextDelta && count[0] < chunks) {
                times[count[0]++] = System.nanoTime();
            }
        }, new Cancellation());
        long wall = System.nanoTime() - started;
        cpu = OS.getProcessCpuTime() - cpu;
        if (reply.error() != null || count[0] != chunks) {
            throw new IllegalStateException(adapter.getClass().getSimpleName() + ": expected " + chunks
                    + " text deltas, got " + count[0] + (reply.error() == null ? "" : "; " + reply.error().message()));
        }
        return new Arrivals(started, times, wall, cpu);
    }

    /** Reads the body line by line and notes the line that carries each chunk (its text is exactly "wN "). */
    private static Arrivals rawRead(OkHttpClient http, Request request, int chunks) throws Exception {
        long[] times = new long[chunks];
        int count = 0;
        long cpu = OS.getProcessCpuTime();
        long started = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            BufferedSource source = response.body().source();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (count < chunks && carries(line, count)) {
                    times[count++] = System.nanoTime();
                }
            }
        }
        long wall = System.nanoTime() - started;
        cpu = OS.getProcessCpuTime() - cpu;
        if (count != chunks) {
            throw new IllegalStateException("raw read of " + request.url() + ": expected " + chunks + " chunks, got " + count);
        }
        return new Arrivals(started, times, wall, cpu);
    }

    private static void report(String protocol, String path, Samples adapter, Samples raw) {
        System.out.printf(Locale.ROOT, "%n### %s (`%s`)%n%n", protocol, path);
        System.out.println("| reader | per event p50 | p99 | time to first token p50 | p99 | long reply: wall per event "
                + "| CPU per event |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("adapter", adapter);
        row("raw OkHttp lines", raw);
        System.out.printf(Locale.ROOT, "| **adapter adds** | %s | %s | %s | %s | %s | %s |%n",
                us(percentile(adapter.perEvent, 50) - percentile(raw.perEvent, 50)),
                us(percentile(adapter.perEvent, 99) - percentile(raw.perEvent, 99)),
                us(percentile(adapter.firstToken, 50) - percentile(raw.firstToken, 50)),
                us(percentile(adapter.firstToken, 99) - percentile(raw.firstToken, 99)),
                us(wallPerEvent(adapter) - wallPerEvent(raw)), us(cpuPerEvent(adapter) - cpuPerEvent(raw)));
    }

    private static void row(String reader, Samples s) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", reader, us(percentile(s.perEvent, 50)),
                us(percentile(s.perEvent, 99)), us(percentile(s.firstToken, 50)), us(percentile(s.firstToken, 99)),
                us(wallPerEvent(s)), us(cpuPerEvent(s)));
    }

    private static double wallPerEvent(Samples s) {
        return (double) s.longWall / s.longEvents;
    }

    private static double cpuPerEvent(Samples s) {
        return (double) s.longCpu / s.longEvents;
    }

    private static String us(double nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

}
