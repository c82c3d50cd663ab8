package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.mosaic.simulator.Reply;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible channel as OpenAI's Java SDK sees it: whole answers, usage, models, history and errors. */
class OpenAiChannelEndToEndTest {

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aWholeAnswerSaysWhichModelAnsweredAndWhichConversationItIsIn() throws Exception {
        String token = harness.newUser();
        harness.simulator().script(Reply.text("Hello ", "whole."));
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token)) {
            OpenAIClient client = sdk.sdk();
            HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "hello").build());
            ChatCompletion answer = raw.parse();

            assertEquals(Optional.of("Hello whole."), answer.choices().getFirst().message().content());
            assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().getFirst().finishReason());
            assertEquals(raw.headers().values("X-Mosaic-Model").getFirst(), answer.model());
            assertTrue(answer.usage().orElseThrow().completionTokens() > 0);
            String conversation = raw.headers().values(OpenAiSdkDriver.CONVERSATION).getFirst();
            var stored = harness.get("/api/conversations/" + conversation, token).body().path("messages");
            assertEquals("Hello whole.", stored.get(1).path("content").get(0).path("text").asText());
        }
    }

    @Test
    void aStreamEndsWithTheUsageWhenAskedFor() {
        harness.simulator().script(Reply.text("counted ", "answer"));
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, harness.newUser());
                StreamResponse<ChatCompletionChunk> stream = sdk.sdk().chat().completions().createStreaming(
                        OpenAiSdkDriver.ask(null, "count")
                                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();

            ChatCompletionChunk last = chunks.getLast();
            assertTrue(last.choices().isEmpty());
            CompletionUsage usage = last.usage().orElseThrow();
            assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
        }
    }

    @Test
    void theModelsAreRoutingsChoiceAndTheCatalog() {
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, harness.newUser())) {
            OpenAIClient client = sdk.sdk();
            List<String> ids = client.models().list().data().stream().map(Model::id).toList();

            assertEquals("mosaic/auto", ids.getFirst());
            assertTrue(ids.size() > 1, ids.toString());
        }
    }

    @Test
    void aCatalogModelAnswersItsMessagePinnedAndMosaicAutoRoutesTheNext() throws Exception {
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, harness.newUser())) {
            OpenAIClient client = sdk.sdk();
            String pinned = client.models().list().data().get(1).id();
            harness.simulator().script(Reply.text("pinned"));
            HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "hello").model(pinned).build());
            harness.simulator().script(Reply.text("routed"));
            // The same conversation: the pin held for the one message only.
            HttpResponseFor<ChatCompletion> routed = client.chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(conversationOf(raw), "hello").build());

            String answered = raw.headers().values("X-Mosaic-Model").getFirst();
            assertTrue(answered.endsWith(pinned.substring(pinned.indexOf('/'))), answered + " for " + pinned);
            assertEquals(answered, raw.parse().model());
            assertTrue(raw.headers().values("X-Mosaic-Route").getFirst().contains("pinned to " + pinned),
                    raw.headers().values("X-Mosaic-Route").toString());
            assertEquals(Optional.of("routed"), routed.parse().choices().getFirst().message().content());
            assertFalse(routed.headers().values("X-Mosaic-Route").getFirst().contains("pinned"),
                    routed.headers().values("X-Mosaic-Route").toString());
        }
    }

    @Test
    void aClientThatSendsTheWholeHistoryEachTimeStaysInOneConversation() {
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, harness.newUser())) {
            OpenAIClient client = sdk.sdk();
            harness.simulator().script(Reply.text("first answer"));
            HttpResponseFor<ChatCompletion> first = client.chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "first").build());
            String conversation = first.headers().values(OpenAiSdkDriver.CONVERSATION).getFirst();
            harness.simulator().script(Reply.text("second answer"));

            HttpResponseFor<ChatCompletion> second = client.chat().completions().withRawResponse().create(
                    OpenAiSdkDriver.ask(conversation, "first").addAssistantMessage("first answer").addUserMessage("second")
                            .build());

            assertEquals(conversation, second.headers().values(OpenAiSdkDriver.CONVERSATION).getFirst());
            assertEquals(Optional.of("second answer"), second.parse().choices().getFirst().message().content());
            OpenAIServiceException contradicted = assertThrows(OpenAIServiceException.class, () -> client.chat()
                    .completions().create(OpenAiSdkDriver.ask(conversation, "first").addAssistantMessage("another answer")
                            .addUserMessage("third").build()));
            assertEquals(409, contradicted.statusCode());
            assertEquals(Optional.of("edit_conflict"), contradicted.code());
        }
    }

    @Test
    void aGrowingHistoryWithoutTheHeaderStaysInOneConversationOfItsOwnUser() throws Exception {
        String token = harness.newUser();
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token);
                OpenAiSdkDriver.Client other = OpenAiSdkDriver.client(harness, harness.newUser())) {
            OpenAIClient client = sdk.sdk();
            harness.simulator().script(Reply.text("one answered"));
            String first = conversationOf(client.chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "one").build()));
            harness.simulator().script(Reply.text("two answered"));
            String second = conversationOf(client.chat().completions().withRawResponse().create(OpenAiSdkDriver
                    .ask(null, "one").addAssistantMessage("one answered").addUserMessage("two").build()));
            harness.simulator().script(Reply.text("three answered"));
            String third = conversationOf(client.chat().completions().withRawResponse().create(OpenAiSdkDriver
                    .ask(null, "one").addAssistantMessage("one answered").addUserMessage("two")
                    .addAssistantMessage("two answered").addUserMessage("three").build()));
            harness.simulator().script(Reply.text("yours"));
            String stranger = conversationOf(other.sdk().chat().completions().withRawResponse().create(OpenAiSdkDriver
                    .ask(null, "one").addAssistantMessage("one answered").addUserMessage("two").build()));

            assertEquals(first, second);
            assertEquals(first, third);
            var stored = harness.get("/api/conversations/" + first, token).body().path("messages");
            assertEquals(6, stored.size());
            assertEquals("three answered", stored.get(5).path("content").get(0).path("text").asText());
            assertFalse(stranger.equals(first), "another user's identical history started its own conversation");
            assertEquals(404, harness.get("/api/conversations/" + stranger, token).status());
        }
    }

    private static String conversationOf(HttpResponseFor<ChatCompletion> answer) {
        return answer.headers().values(OpenAiSdkDriver.CONVERSATION).getFirst();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyIsAnsweredOnceAndStoredOnce() throws Exception {
        String token = harness.newUser();
        String key = "retry-" + UUID.randomUUID();
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token);
                OpenAiSdkDriver.Client other = OpenAiSdkDriver.client(harness, harness.newUser())) {
            harness.simulator().script(Reply.text("answered once"));
            HttpResponseFor<ChatCompletion> first = sdk.sdk().chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "once").putAdditionalHeader("Idempotency-Key", key).build());
            HttpResponseFor<ChatCompletion> retried = sdk.sdk().chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "once").putAdditionalHeader("Idempotency-Key", key).build());
            harness.simulator().script(Reply.text("another user's"));
            ChatCompletion others = other.sdk().chat().completions()
                    .create(OpenAiSdkDriver.ask(null, "once").putAdditionalHeader("Idempotency-Key", key).build());

            assertEquals(Optional.of("answered once"), first.parse().choices().getFirst().message().content());
            assertEquals(Optional.of("answered once"), retried.parse().choices().getFirst().message().content());
            assertEquals(conversationOf(first), conversationOf(retried));
            assertTrue(retried.headers().values("X-Mosaic-Route").getFirst().contains("Idempotency-Key"),
                    retried.headers().values("X-Mosaic-Route").toString());
            assertEquals(2, harness.get("/api/conversations/" + conversationOf(first), token).body().path("messages")
                    .size());
            assertEquals(Optional.of("another user's"), others.choices().getFirst().message().content());
            BadRequestException reused = assertThrows(BadRequestException.class, () -> sdk.sdk().chat().completions()
                    .create(OpenAiSdkDriver.ask(null, "twice").putAdditionalHeader("Idempotency-Key", key).build()));
            assertEquals(Optional.of("Idempotency-Key"), reused.param());
        }
    }

    @Test
    void aConversationGoesOnThroughAnotherInstance() {
        String token = harness.newUser();
        try (Gateway second = harness.startAnother();
                OpenAiSdkDriver.Client here = OpenAiSdkDriver.client(harness, token);
                OpenAiSdkDriver.Client there = OpenAiSdkDriver.client(second, token)) {
            harness.simulator().script(Reply.text("from the first"));
            String conversation = here.sdk().chat().completions().withRawResponse()
                    .create(OpenAiSdkDriver.ask(null, "one").build()).headers().values(OpenAiSdkDriver.CONVERSATION).getFirst();
            harness.simulator().script(Reply.text("from the second"));

            ChatCompletion answer = there.sdk().chat().completions().create(OpenAiSdkDriver.ask(conversation, "one")
                    .addAssistantMessage("from the first").addUserMessage("two").build());

            assertEquals(Optional.of("from the second"), answer.choices().getFirst().message().content());
        }
    }

    @Test
    void badRequestsAndStrangersGetOpenAisErrorShape() {
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, harness.newUser());
                OpenAiSdkDriver.Client strangers = OpenAiSdkDriver.client(harness, "mosaic_" + UUID.randomUUID())) {
            OpenAIClient client = sdk.sdk();
            OpenAIClient stranger = strangers.sdk();
            UnauthorizedException unknown = assertThrows(UnauthorizedException.class,
                    () -> stranger.chat().completions().create(OpenAiSdkDriver.ask(null, "hi").build()));
            assertEquals(Optional.of("unauthorized"), unknown.code());
            assertEquals(Optional.of("authentication_error"), unknown.type());

            BadRequestException system = assertThrows(BadRequestException.class, () -> client.chat().completions()
                    .create(OpenAiSdkDriver.ask(null, "hi").addSystemMessage("be brief").build()));
            assertEquals(Optional.of("invalid_input"), system.code());
            assertEquals(Optional.of("messages[1].role"), system.param());

        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedInOpenAisShapeWithoutBeingRead() throws Exception {
        try (RawHttp http = new RawHttp(harness.gateway().port())) {
            http.write("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + harness.newUser()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (256L << 20) + "\r\n\r\n");

            RawHttp.Response answer = http.read();
            assertEquals(413, answer.status());
            assertEquals("body_too_large", new ObjectMapper().readTree(answer.body()).path("error").path("code").asText());
            assertTrue(http.closedByServer());
        }
        GatewayHarness.HttpResult unknown = harness.get("/v1/completions", null);
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.body().path("error").path("code").asText());
    }

    @Test
    void aRequestInAnotherShapeIsRefusedAsInvalid() throws Exception {
        GatewayHarness.HttpResult result = harness.send("POST", "/v1/chat/completions", harness.newUser(),
                "{\"model\":\"mosaic/auto\",\"prompt\":\"the completions API's shape\"}");

        assertEquals(400, result.status());
        assertEquals("invalid_input", result.body().path("error").path("code").asText());
        assertEquals("invalid_request_error", result.body().path("error").path("type").asText());
        assertEquals("messages", result.body().path("error").path("param").asText());
    }
}
