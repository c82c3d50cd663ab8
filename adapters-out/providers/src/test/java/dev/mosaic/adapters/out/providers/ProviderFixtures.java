package dev.mosaic.adapters.out.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.domain.user.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.BufferedSink;

/**
 * What every adapter's tests share: one HTTP client, conversations, stream responses for
 * MockWebServer, and a listener that records what it hears.
 */
public final class ProviderFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final OkHttpClient CLIENT = ProviderHttpClients.create();
    public static final Conversation CONVERSATION = Conversation.start(UserId.random(), "hello", Instant.EPOCH);

    private ProviderFixtures() {}

    /** A tool with a schema of its own, so that tests see the schema sent as it was written. */
    public static final ToolSpec WEATHER = new ToolSpec("get_weather", "The weather in a city now.",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    /** A tool that takes no arguments, named {@code name}. */
    public static ToolSpec offered(String name) {
        return new ToolSpec(name, "Gives the " + name.replace('_', ' ') + ".", "{\"type\":\"object\"}");
    }

    public static Message user(String text) {
        return Message.fromUser(CONVERSATION, text, Instant.EPOCH);
    }

    public static Message assistant(ContentBlock... blocks) {
        return assistantFrom("test", "test-model", blocks);
    }

    /** A reply as written by {@code provider}'s {@code model}. */
    public static Message assistantFrom(String provider, String model, ContentBlock... blocks) {
        return message(Role.ASSISTANT, Generation.started(provider, model), blocks);
    }

    public static Message tool(ContentBlock... blocks) {
        return message(Role.TOOL, null, blocks);
    }

    private static Message message(Role role, Generation generation, ContentBlock... blocks) {
        return new Message(MessageId.random(), CONVERSATION.id(), CONVERSATION.owner(), role, List.of(blocks),
                MessageStatus.COMPLETE, generation, Instant.EPOCH);
    }

    public static Cancellation noCancel() {
        return new Cancellation();
    }

    /** An SSE response carrying the given body verbatim. */
    public static MockResponse sse(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream; charset=utf-8").body(body).build();
    }

    /**
     * An SSE body of these JSON payloads, each under an {@code event:} line naming its {@code type},
     * as typed-event protocols (Anthropic Messages, OpenAI Responses) send them.
     */
    public static String typedEvents(String... payloads) {
        StringBuilder body = new StringBuilder();
        for (String payload : payloads) {
            try {
                body.append("event: ").append(JSON.readTree(payload).path("type").asText()).append('\n');
            } catch (JsonProcessingException notJson) {
                throw new UncheckedIOException(notJson);
            }
            body.append("data: ").append(payload).append("\n\n");
        }
        return body.toString();
    }

    /** A newline-delimited JSON response carrying the given body verbatim, as Ollama streams. */
    public static MockResponse ndjson(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-ndjson").body(body).build();
    }

    /** A response as a reference file describes it: {@code {status, headers?, body}}. */
    public static MockResponse recorded(JsonNode example) {
        MockResponse.Builder response = new MockResponse.Builder().code(example.path("status").asInt())
                .addHeader("Content-Type", "application/json").body(example.path("body").toString());
        example.path("headers").properties().forEach(h -> response.setHeader(h.getKey(), h.getValue().asText()));
        return response.build();
    }

    /**
     * Serves {@code response} to one call and returns the reply's error, after checking that the
     * reply failed before any content arrived.
     */
    public static ProviderError errorBeforeStream(MockWebServer server, ChatProvider adapter, ChatRequest request,
            MockResponse response) {
        server.enqueue(response);
        Recorder recorder = new Recorder();
        ProviderReply reply = adapter.stream(request, recorder, noCancel());
        assertEquals(StopReason.ERROR, reply.stopReason());
        assertEquals(List.of(), reply.content());
        assertEquals(Usage.NONE, reply.usage());
        assertEquals(List.of(), recorder.events);
        return reply.error();
    }

    /** A base URL on this machine where nothing listens, so that connecting is refused. */
    public static URI refusingBaseUrl(String path) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * A body that sends {@code prefix} at once and then nothing, as a provider that stalls in the
     * middle of a reply; {@link #release} lets the server finish (tests call it before closing it).
     */
    public static final class StallingBody implements MockResponseBody {
        private final String prefix;
        private final CountDownLatch released = new CountDownLatch(1);

        public StallingBody(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8(prefix).flush();
            try {
                released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public void release() {
            released.countDown();
        }
    }

    /** Records every event, optionally acting on each (to cancel, or to throw). */
    public static final class Recorder implements ChatStreamListener {
        public final List<ChatStreamEvent> events = new CopyOnWriteArrayList<>();
        private final ChatStreamListener then;

        public Recorder() {
            this(event -> {});
        }

        public Recorder(ChatStreamListener then) {
            this.then = then;
        }

        @Override
        public void onEvent(ChatStreamEvent event) {
            events.add(event);
            then.onEvent(event);
        }

        public String text() {
            return String.join("", textDeltas());
        }

        public String thinking() {
            StringBuilder out = new StringBuilder();
            events.forEach(e -> {
                if (e instanceof ChatStreamEvent.ThinkingDelta(String text)) {
                    out.append(text);
                }
            });
            return out.toString();
        }

        public List<String> textDeltas() {
            List<String> out = new ArrayList<>();
            events.forEach(e -> {
                if (e instanceof ChatStreamEvent.TextDelta(String text)) {
                    out.add(text);
                }
            });
            return out;
        }
    }
}
