package dev.mosaic.bootstrap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.mosaic.channelconformance.Exchange;
import dev.mosaic.channelconformance.Participant;
import dev.mosaic.channelconformance.Stored;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The OpenAI-compatible channel through OpenAI's own Java SDK, as the conformance kit drives it
 * (see {@link SdkDriver}).
 */
final class OpenAiSdkDriver extends SdkDriver {

    static final String CONVERSATION = "X-Mosaic-Conversation";

    OpenAiSdkDriver(GatewayHarness harness, boolean stream) {
        super(harness, stream);
    }

    /** An SDK client of the gateway, closed with try-with-resources. */
    record Client(OpenAIClient sdk) implements AutoCloseable {
        @Override
        public void close() {
            sdk.close();
        }
    }

    /** An SDK client of the gateway with this token; no retries, so that each test sees each answer. */
    static Client client(GatewayHarness harness, String token) {
        return client(harness.gateway(), token);
    }

    static Client client(Gateway gateway, String token) {
        return new Client(OpenAIOkHttpClient.builder().apiKey(token).baseUrl(gateway.httpUri().resolve("/v1").toString())
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build());
    }

    static ChatCompletionCreateParams.Builder ask(String conversationId, String text) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("mosaic/auto")
                .addUserMessage(text);
        if (conversationId != null) {
            params.putAdditionalHeader(CONVERSATION, conversationId);
        }
        return params;
    }

    @Override
    Participant participant(String token) {
        return new Sdk(token);
    }

    private final class Sdk implements Participant {
        private final OpenAIClient client;
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
                HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                        .create(ask(conversationId, text).build());
                ChatCompletion.Choice choice = raw.parse().choices().getFirst();
                return new Exchange(raw.headers().values(CONVERSATION).getFirst(),
                        choice.message().content().stream().toList(),
                        ChatCompletion.Choice.FinishReason.STOP.equals(choice.finishReason()) ? "complete" : "partial", null);
            } catch (OpenAIServiceException e) {
                return Exchange.refused(conversationId, e.code().orElse("status " + e.statusCode()));
            }
        }

        @Override
        public Exchange sendAndAbort(String conversationId, String text) throws Exception {
            return conversations.afterAbort(exchange(conversationId, text, true));
        }

        /** Streams the answer; with {@code cut}, closes the stream after its first piece, as a client that leaves. */
        private Exchange exchange(String conversationId, String text, boolean cut) {
            try {
                HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client.chat().completions().withRawResponse()
                        .createStreaming(ask(conversationId, text).build());
                String conversation = raw.headers().values(CONVERSATION).getFirst();
                List<String> pieces = new ArrayList<>();
                boolean finished = false;
                try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
                    Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
                    while (chunks.hasNext()) {
                        ChatCompletionChunk chunk = chunks.next();
                        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                            choice.delta().content().filter(piece -> !piece.isEmpty()).ifPresent(pieces::add);
                            finished |= choice.finishReason().isPresent();
                        }
                        if (cut && !pieces.isEmpty()) {
                            break;
                        }
                    }
                }
                return new Exchange(conversation, pieces, finished ? "complete" : "partial", null);
            } catch (OpenAIServiceException e) {
                return Exchange.refused(conversationId, e.code().orElse("status " + e.statusCode()));
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
