package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ConflictException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.models.ModelInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.simulator.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Anthropic-compatible channel as Anthropic's Java SDK sees it: whole and streamed answers, history, models and errors. */
class AnthropicChannelEndToEndTest {

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
    void aWholeAnswerIsAMessageOfTheModelThatAnsweredAndIsStored() throws Exception {
        String token = harness.newUser();
        harness.simulator().script(Reply.text("Hello ", "whole."));
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, token)) {
            HttpResponseFor<Message> raw = sdk.sdk().messages().withRawResponse()
                    .create(AnthropicSdkDriver.ask(null, "hello").build());
            Message answer = raw.parse();

            assertEquals("Hello whole.", AnthropicSdkDriver.text(answer));
            assertTrue(answer.id().startsWith("msg_"), answer.id());
            assertEquals(Optional.of(StopReason.END_TURN), answer.stopReason());
            assertEquals(raw.headers().values("X-Mosaic-Model").getFirst(), answer.model().asString());
            assertTrue(answer.usage().outputTokens() > 0);
            String conversation = raw.headers().values(AnthropicSdkDriver.CONVERSATION).getFirst();
            JsonNode stored = harness.get("/api/conversations/" + conversation, token).body().path("messages");
            assertEquals("hello", stored.get(0).path("content").get(0).path("text").asText());
            assertEquals("Hello whole.", stored.get(1).path("content").get(0).path("text").asText());
        }
    }

    @Test
    void aStreamIsAnthropicsEventsInOrder() {
        harness.simulator().script(Reply.text("streamed ", "in ", "pieces"));
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, harness.newUser());
                StreamResponse<RawMessageStreamEvent> stream = sdk.sdk().messages()
                        .createStreaming(AnthropicSdkDriver.ask(null, "stream it").build())) {
            MessageAccumulator accumulator = MessageAccumulator.create();
            List<RawMessageStreamEvent.Type> types = stream.stream().map(accumulator::accumulate)
                    .map(RawMessageStreamEvent::type).toList();

            assertEquals(List.of(RawMessageStreamEvent.Type.MESSAGE_START, RawMessageStreamEvent.Type.CONTENT_BLOCK_START),
                    types.subList(0, 2));
            assertEquals(List.of(RawMessageStreamEvent.Type.CONTENT_BLOCK_STOP, RawMessageStreamEvent.Type.MESSAGE_DELTA,
                    RawMessageStreamEvent.Type.MESSAGE_STOP), types.subList(types.size() - 3, types.size()));
            assertEquals(3, types.stream().filter(RawMessageStreamEvent.Type.CONTENT_BLOCK_DELTA::equals).count());
            Message whole = accumulator.message();
            assertEquals("streamed in pieces", AnthropicSdkDriver.text(whole));
            assertEquals(Optional.of(StopReason.END_TURN), whole.stopReason());
            assertTrue(whole.usage().outputTokens() > 0);
        }
    }

    @Test
    void theNextRequestWithTheHistoryGoesOnInTheSameConversation() throws Exception {
        String token = harness.newUser();
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, token)) {
            AnthropicClient client = sdk.sdk();
            harness.simulator().script(Reply.text("first answer"));
            String conversation = client.messages().withRawResponse().create(AnthropicSdkDriver.ask(null, "first").build())
                    .headers().values(AnthropicSdkDriver.CONVERSATION).getFirst();
            harness.simulator().script(Reply.text("second answer"));

            HttpResponseFor<Message> second = client.messages().withRawResponse().create(
                    AnthropicSdkDriver.ask(conversation, "first").addAssistantMessage("first answer").addUserMessage("second")
                            .build());

            assertEquals(conversation, second.headers().values(AnthropicSdkDriver.CONVERSATION).getFirst());
            assertEquals("second answer", AnthropicSdkDriver.text(second.parse()));
            assertEquals(4, harness.get("/api/conversations/" + conversation, token).body().path("messages").size());
            ConflictException contradicted = assertThrows(ConflictException.class, () -> client.messages().create(
                    AnthropicSdkDriver.ask(conversation, "first").addAssistantMessage("another answer")
                            .addUserMessage("third").build()));
            assertEquals(Optional.of("edit_conflict"), contradicted.errorCode());
        }
    }

    @Test
    void aGrowingHistoryWithoutTheHeaderStaysInOneConversationOfItsOwnUser() throws Exception {
        String token = harness.newUser();
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, token);
                AnthropicSdkDriver.Client other = AnthropicSdkDriver.client(harness, harness.newUser())) {
            AnthropicClient client = sdk.sdk();
            harness.simulator().script(Reply.text("one answered"));
            String first = conversationOf(client.messages().withRawResponse()
                    .create(AnthropicSdkDriver.ask(null, "one").build()));
            harness.simulator().script(Reply.text("two answered"));
            String second = conversationOf(client.messages().withRawResponse().create(AnthropicSdkDriver
                    .ask(null, "one").addAssistantMessage("one answered").addUserMessage("two").build()));
            harness.simulator().script(Reply.text("three answered"));
            String third = conversationOf(client.messages().withRawResponse().create(AnthropicSdkDriver
                    .ask(null, "one").addAssistantMessage("one answered").addUserMessage("two")
                    .addAssistantMessage("two answered").addUserMessage("three").build()));
            harness.simulator().script(Reply.text("yours"));
            String stranger = conversationOf(other.sdk().messages().withRawResponse().create(AnthropicSdkDriver
                    .ask(null, "one").addAssistantMessage("one answered").addUserMessage("two").build()));

            assertEquals(first, second);
            assertEquals(first, third);
            JsonNode stored = harness.get("/api/conversations/" + first, token).body().path("messages");
            assertEquals(6, stored.size());
            assertEquals("three answered", stored.get(5).path("content").get(0).path("text").asText());
            assertFalse(stranger.equals(first), "another user's identical history started its own conversation");
            assertEquals(404, harness.get("/api/conversations/" + stranger, token).status());
        }
    }

    private static String conversationOf(HttpResponseFor<Message> answer) {
        return answer.headers().values(AnthropicSdkDriver.CONVERSATION).getFirst();
    }

    @Test
    void aRetryWhileTheFirstIsAnsweredIsAConflictAndAfterItGetsTheStoredAnswer() throws Exception {
        String token = harness.newUser();
        String key = "retry-" + UUID.randomUUID();
        harness.simulator().script(Reply.text("slow ", "but ", "once").withTokenDelay(Duration.ofMillis(300)));
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, token)) {
            AnthropicClient client = sdk.sdk();
            String conversation;
            try (StreamResponse<RawMessageStreamEvent> first = client.messages().createStreaming(
                    AnthropicSdkDriver.ask(null, "once").putAdditionalHeader("Idempotency-Key", key).build())) {
                ConflictException running = assertThrows(ConflictException.class, () -> client.messages().create(
                        AnthropicSdkDriver.ask(null, "once").putAdditionalHeader("Idempotency-Key", key).build()));
                assertEquals(Optional.of("reply_in_progress"), running.errorCode());
                MessageAccumulator accumulator = MessageAccumulator.create();
                first.stream().forEach(accumulator::accumulate);
                assertEquals("slow but once", AnthropicSdkDriver.text(accumulator.message()));
            }

            HttpResponseFor<StreamResponse<RawMessageStreamEvent>> retried = client.messages().withRawResponse()
                    .createStreaming(AnthropicSdkDriver.ask(null, "once").putAdditionalHeader("Idempotency-Key", key)
                            .build());
            conversation = retried.headers().values(AnthropicSdkDriver.CONVERSATION).getFirst();
            MessageAccumulator again = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> events = retried.parse()) {
                events.stream().forEach(again::accumulate);
            }

            assertEquals("slow but once", AnthropicSdkDriver.text(again.message()));
            assertEquals(Optional.of(StopReason.END_TURN), again.message().stopReason());
            assertEquals(2, harness.get("/api/conversations/" + conversation, token).body().path("messages").size());
        }
    }

    @Test
    void aBadKeyIsAnAuthenticationError() {
        try (AnthropicSdkDriver.Client stranger = AnthropicSdkDriver.client(harness, "mosaic_" + UUID.randomUUID())) {
            UnauthorizedException refused = assertThrows(UnauthorizedException.class,
                    () -> stranger.sdk().messages().create(AnthropicSdkDriver.ask(null, "hi").build()));

            assertEquals(Optional.of(ErrorType.AUTHENTICATION_ERROR), refused.type());
            assertEquals(Optional.of("unauthorized"), refused.errorCode());
        }
    }

    @Test
    void instructionsAreRefusedWithTheFieldNamed() {
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, harness.newUser())) {
            AnthropicClient client = sdk.sdk();
            BadRequestException system = assertThrows(BadRequestException.class,
                    () -> client.messages().create(AnthropicSdkDriver.ask(null, "hi").system("be brief").build()));
            assertEquals(Optional.of(ErrorType.INVALID_REQUEST_ERROR), system.type());
            assertTrue(system.apiMessage().orElseThrow().startsWith("system: "), system.getMessage());

        }
    }

    @Test
    void aCatalogModelAnswersPinnedAndTheHeadersSaySo() {
        harness.simulator().script(Reply.text("pinned"));
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, harness.newUser())) {
            AnthropicClient client = sdk.sdk();
            List<String> models = client.models().list().data().stream().map(ModelInfo::id).toList();
            assertEquals("mosaic/auto", models.getFirst());
            String pinned = models.get(1);

            HttpResponseFor<Message> raw = client.messages().withRawResponse()
                    .create(AnthropicSdkDriver.ask(null, "hi").model(pinned).build());

            assertEquals("pinned", AnthropicSdkDriver.text(raw.parse()));
            String answered = raw.headers().values("X-Mosaic-Model").getFirst();
            assertTrue(answered.endsWith(pinned.substring(pinned.indexOf('/'))), answered + " for " + pinned);
            assertEquals(answered, raw.parse().model().asString());
            assertTrue(raw.headers().values("X-Mosaic-Route").getFirst().contains("pinned to " + pinned),
                    raw.headers().values("X-Mosaic-Route").toString());
        }
    }

    @Test
    void autoAndAModelTheCatalogDoesNotKnowLetRoutingDecide() {
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, harness.newUser())) {
            AnthropicClient client = sdk.sdk();
            harness.simulator().script(Reply.text("routed"));
            HttpResponseFor<Message> auto = client.messages().withRawResponse()
                    .create(AnthropicSdkDriver.ask(null, "hi").model("mosaic/auto").build());
            harness.simulator().script(Reply.text("routed too"));
            HttpResponseFor<Message> unknown = client.messages().withRawResponse()
                    .create(AnthropicSdkDriver.ask(null, "hi").model("claude-nonesuch-1").build());

            assertEquals("routed", AnthropicSdkDriver.text(auto.parse()));
            assertFalse(auto.headers().values("X-Mosaic-Route").getFirst().contains("pinned"));
            assertEquals("routed too", AnthropicSdkDriver.text(unknown.parse()));
            assertTrue(unknown.headers().values("X-Mosaic-Route").getFirst()
                    .startsWith("model claude-nonesuch-1 is not in the catalog, so routing decides; "),
                    unknown.headers().values("X-Mosaic-Route").toString());
        }
    }

    @Test
    void aProviderFailureDuringTheStreamIsAnErrorEvent() {
        harness.simulator().script(Reply.text("Half ", "an ", "answer ", "never ", "ends").midStreamError(2, "boom"));
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, harness.newUser());
                StreamResponse<RawMessageStreamEvent> stream = sdk.sdk().messages()
                        .createStreaming(AnthropicSdkDriver.ask(null, "go on").build())) {
            AnthropicServiceException failed = assertThrows(AnthropicServiceException.class,
                    () -> stream.stream().forEach(event -> { }));

            assertTrue(failed.errorCode().orElseThrow().startsWith("provider_"), failed.getMessage());
            assertTrue(failed.apiMessage().orElseThrow().contains("boom"), failed.getMessage());
        }
    }

    @Test
    void aProviderFailureBeforeAnyTextIsAnErrorStatusStreamedOrNot() {
        String refusal = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}";
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, harness.newUser())) {
            harness.simulator().script(Reply.httpError(401, refusal));
            AnthropicServiceException whole = assertThrows(AnthropicServiceException.class,
                    () -> sdk.sdk().messages().create(AnthropicSdkDriver.ask(null, "hi").build()));
            harness.simulator().script(Reply.httpError(401, refusal));
            AnthropicServiceException streamed = assertThrows(AnthropicServiceException.class,
                    () -> sdk.sdk().messages().createStreaming(AnthropicSdkDriver.ask(null, "hi").build()).close());

            for (AnthropicServiceException failed : List.of(whole, streamed)) {
                assertEquals(502, failed.statusCode());
                assertEquals(Optional.of(ErrorType.API_ERROR), failed.type());
                assertEquals(Optional.of("provider_authentication"), failed.errorCode());
            }
        }
    }

    @Test
    void aPlainHttpClientWithABearerTokenGetsAMessage() throws Exception {
        harness.simulator().script(Reply.text("curl ", "works"));
        GatewayHarness.HttpResult result = harness.send("POST", "/v1/messages", harness.newUser(), """
                {"model": "auto", "max_tokens": 256, "system": [], "metadata": {"user_id": "ana"},
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "hello"}]}]}""");

        assertEquals(200, result.status());
        assertEquals("message", result.body().path("type").asText());
        assertEquals("curl works", result.body().path("content").get(0).path("text").asText());
        assertEquals("end_turn", result.body().path("stop_reason").asText());
    }

    @Test
    void malformedAndOversizedBodiesAreRefusedInAnthropicsShape() throws Exception {
        GatewayHarness.HttpResult malformed = harness.send("POST", "/v1/messages", harness.newUser(), "{\"model\": ");
        assertEquals(400, malformed.status());
        assertEquals("error", malformed.body().path("type").asText());
        assertEquals("invalid_request_error", malformed.body().path("error").path("type").asText());
        assertEquals("invalid_input", malformed.body().path("error").path("details").path("error_code").asText());

        GatewayHarness.HttpResult image = harness.send("POST", "/v1/messages", harness.newUser(), """
                {"model": "auto", "max_tokens": 16, "messages": [{"role": "user", "content": [
                 {"type": "image", "source": {"type": "url", "url": "https://example.org/a.png"}}]}]}""");
        assertEquals(400, image.status());
        assertTrue(image.body().path("error").path("message").asText().startsWith("messages.0.content.0: "),
                image.body().toString());

        try (RawHttp http = new RawHttp(harness.gateway().port())) {
            http.write("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + harness.newUser()
                    + "\r\nanthropic-version: 2023-06-01\r\nContent-Type: application/json\r\nContent-Length: " + (256L << 20)
                    + "\r\n\r\n");

            RawHttp.Response answer = http.read();
            assertEquals(413, answer.status());
            JsonNode body = new ObjectMapper().readTree(answer.body());
            assertEquals("request_too_large", body.path("error").path("type").asText());
            assertEquals("body_too_large", body.path("error").path("details").path("error_code").asText());
        }
    }

    @Test
    void openAisModelListIsUnchangedBesideAnthropics() throws Exception {
        GatewayHarness.HttpResult openAi = harness.get("/v1/models", harness.newUser());

        assertEquals(200, openAi.status());
        assertEquals("list", openAi.body().path("object").asText());
        assertFalse(openAi.body().has("has_more"));
    }
}
