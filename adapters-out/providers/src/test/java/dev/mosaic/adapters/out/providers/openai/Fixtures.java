package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Generation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;

/** What the adapter tests share: one HTTP client, adapters with short timeouts, requests and a recording listener. */
final class Fixtures {
    static final String API_KEY = "sk-test-0123456789abcdef";
    static final OkHttpClient CLIENT = ProviderHttpClients.create();
    static final Conversation CONVERSATION = Conversation.start(UserId.random(), "hello", Instant.EPOCH);

    private Fixtures() {}

    static OpenAiChatConfig config(URI baseUrl) {
        return OpenAiChatConfig.of("openai", baseUrl, Secret.ofNullable(API_KEY))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    static OpenAiChatCompletionsAdapter adapter(URI baseUrl) {
        return new OpenAiChatCompletionsAdapter(config(baseUrl), CLIENT);
    }

    static ChatRequest ask(String text) {
        return new ChatRequest("gpt-4o", "", List.of(user(text)), 0);
    }

    static Message user(String text) {
        return Message.fromUser(CONVERSATION, text, Instant.EPOCH);
    }

    static Message assistant(ContentBlock... blocks) {
        return message(Role.ASSISTANT, blocks);
    }

    static Message tool(ContentBlock... blocks) {
        return message(Role.TOOL, blocks);
    }

    private static Message message(Role role, ContentBlock... blocks) {
        return new Message(MessageId.random(), CONVERSATION.id(), CONVERSATION.owner(), role, List.of(blocks),
                MessageStatus.COMPLETE, role == Role.ASSISTANT ? Generation.started("openai", "gpt-4o") : null, Instant.EPOCH);
    }

    /** An SSE response carrying the given body verbatim. */
    static MockResponse sse(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream; charset=utf-8").body(body).build();
    }

    /** An SSE body made of these chunk JSONs, each as one {@code data:} event. */
    static String events(String... payloads) {
        StringBuilder body = new StringBuilder();
        for (String payload : payloads) {
            body.append("data: ").append(payload).append("\n\n");
        }
        return body.toString();
    }

    /** Records every event, optionally acting on each (to cancel, or to throw). */
    static final class Recorder implements ChatStreamListener {
        final List<ChatStreamEvent> events = new CopyOnWriteArrayList<>();
        private final ChatStreamListener then;

        Recorder() {
            this(event -> {});
        }

        Recorder(ChatStreamListener then) {
            this.then = then;
        }

        @Override
        public void onEvent(ChatStreamEvent event) {
            events.add(event);
            then.onEvent(event);
        }

        String text() {
            StringBuilder out = new StringBuilder();
            events.forEach(e -> {
                if (e instanceof ChatStreamEvent.TextDelta(String text)) {
                    out.append(text);
                }
            });
            return out.toString();
        }

        String thinking() {
            StringBuilder out = new StringBuilder();
            events.forEach(e -> {
                if (e instanceof ChatStreamEvent.ThinkingDelta(String text)) {
                    out.append(text);
                }
            });
            return out.toString();
        }

        List<String> textDeltas() {
            List<String> out = new ArrayList<>();
            events.forEach(e -> {
                if (e instanceof ChatStreamEvent.TextDelta(String text)) {
                    out.add(text);
                }
            });
            return out;
        }
    }

    static Cancellation noCancel() {
        return new Cancellation();
    }
}
