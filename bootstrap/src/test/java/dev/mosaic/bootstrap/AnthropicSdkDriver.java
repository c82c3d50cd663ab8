package dev.mosaic.bootstrap;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.TextDelta;
import dev.mosaic.channelconformance.Exchange;
import dev.mosaic.channelconformance.Participant;
import dev.mosaic.channelconformance.Stored;
import dev.mosaic.simulator.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The Anthropic-compatible channel through Anthropic's own Java SDK, as the conformance kit drives it
 * (see {@link SdkDriver}).
 */
final class AnthropicSdkDriver extends SdkDriver {

    static final String CONVERSATION = "X-Mosaic-Conversation";

    AnthropicSdkDriver(GatewayHarness harness, boolean stream) {
        super(harness, stream);
    }

    /** An SDK client of the gateway, closed with try-with-resources. */
    record Client(AnthropicClient sdk) implements AutoCloseable {
        @Override
        public void close() {
            sdk.close();
        }
    }

    /** An SDK client of the gateway with this token as its API key; no retries, so that each test sees each answer. */
    static Client client(GatewayHarness harness, String token) {
        return new Client(AnthropicOkHttpClient.builder().apiKey(token).baseUrl(harness.gateway().httpUri().toString())
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build());
    }

    static MessageCreateParams.Builder ask(String conversationId, String text) {
        MessageCreateParams.Builder params = MessageCreateParams.builder().model("auto").maxTokens(1024)
                .addUserMessage(text);
        if (conversationId != null) {
            params.putAdditionalHeader(CONVERSATION, conversationId);
        }
        return params;
    }

    /**
     * Streams one answer to its end. The SDK's first streamed answer in a JVM takes it a second or
     * more to read (it loads what parses the events), long enough for a slow answer to end before a
     * client that leaves after its first piece has read that piece.
     */
    static void warmUp(GatewayHarness harness) {
        harness.simulator().script(Reply.text("warm"));
        try (Client sdk = client(harness, harness.newUser());
                StreamResponse<RawMessageStreamEvent> events = sdk.sdk().messages().createStreaming(ask(null, "warm up").build())) {
            events.stream().forEach(event -> { });
        }
    }

    /** The text of a whole message. */
    static String text(Message message) {
        return String.join("", message.content().stream().flatMap(block -> block.text().stream()).map(TextBlock::text)
                .toList());
    }

    @Override
    Participant participant(String token) {
        return new Sdk(token);
    }

    private final class Sdk implements Participant {
        private final AnthropicClient client;
        private final RestConversations conversations;

        Sdk(String token) {
            this.client = client(harness, token).sdk();
            this.conversations = new RestConversations(harness, token);
        }

        @Override
        public Exchange send(String conversationId, String text) {
            return stream ? exchange(conversationId, text, false) : whole(conversationId, text);
        }

        private Exchange whole(String conversationId, String text) {
            try {
                HttpResponseFor<Message> raw = client.messages().withRawResponse().create(ask(conversationId, text).build());
                Message message = raw.parse();
                return new Exchange(raw.headers().values(CONVERSATION).getFirst(), List.of(text(message)),
                        message.stopReason().filter(StopReason.END_TURN::equals).isPresent() ? "complete" : "partial",
                        null);
            } catch (AnthropicServiceException e) {
                return Exchange.refused(conversationId, e.errorCode().orElse("status " + e.statusCode()));
            }
        }

        @Override
        public Exchange sendAndAbort(String conversationId, String text) throws Exception {
            return conversations.afterAbort(exchange(conversationId, text, true));
        }

        /** Streams the answer; with {@code cut}, closes the stream after its first piece, as a client that leaves. */
        private Exchange exchange(String conversationId, String text, boolean cut) {
            try {
                HttpResponseFor<StreamResponse<RawMessageStreamEvent>> raw = client.messages().withRawResponse()
                        .createStreaming(ask(conversationId, text).build());
                String conversation = raw.headers().values(CONVERSATION).getFirst();
                List<String> pieces = new ArrayList<>();
                boolean finished = false;
                try (StreamResponse<RawMessageStreamEvent> events = raw.parse()) {
                    Iterator<RawMessageStreamEvent> each = events.stream().iterator();
                    while (each.hasNext()) {
                        RawMessageStreamEvent event = each.next();
                        event.contentBlockDelta().flatMap(delta -> delta.delta().text()).map(TextDelta::text)
                                .filter(piece -> !piece.isEmpty()).ifPresent(pieces::add);
                        finished |= event.messageDelta().flatMap(delta -> delta.delta().stopReason()).isPresent();
                        if (cut && !pieces.isEmpty()) {
                            break;
                        }
                    }
                }
                return new Exchange(conversation, pieces, finished ? "complete" : "partial", null);
            } catch (AnthropicServiceException e) {
                return Exchange.refused(conversationId, e.errorCode().orElse("status " + e.statusCode()));
            }
        }

        @Override
        public Stored open(String conversationId) throws Exception {
            return conversations.open(conversationId);
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
