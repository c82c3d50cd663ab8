package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistant;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.RecordedRequest;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against the provider simulator, as the gateway uses them when no provider is configured. */
class SimulatorEndToEndTest {

    private ProviderSimulator simulator;
    private OpenAiChatCompletionsAdapter adapter;
    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ofMillis(1))
                .withApiKey(Fixtures.API_KEY));
        adapter = new OpenAiChatCompletionsAdapter(OpenAiChatConfig.of("simulator", simulator.baseUrl(),
                Secret.ofNullable(Fixtures.API_KEY)), CLIENT);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void theDefaultReplyIsStreamedAndAssembled() {
        ChatRequest request = new ChatRequest(ProviderSimulator.MODEL, "Be kind.", List.of(user("hello"),
                assistant(new ContentBlock.Text("hi")), user("what did I say?")), 0);

        ProviderReply reply = adapter.stream(request, recorder, noCancel());

        String expected = "(simulated reply) You said: \"what did I say?\". This conversation has 3 messages.";
        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text(expected)), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(ProviderSimulator.MODEL, reply.model());
        assertEquals(13, recorder.events.size(), "one event per word");
        assertEquals(expected, recorder.text());
        // "Be kind." + "hello" + "hi" + "what did I say?" = 30 characters, about 7 tokens.
        assertEquals(new Usage(7, 13, 0), reply.usage());

        RecordedRequest received = simulator.lastRequest();
        assertEquals("/v1/chat/completions", received.path());
        assertEquals("system", received.body().at("/messages/0/role").asText());
        assertTrue(received.body().at("/stream_options/include_usage").asBoolean());
    }

    @Test
    void toolCallAndThinkingDirectivesComeThroughAsBlocks() {
        ProviderReply reply = adapter.stream(ask("#sim:think #sim:tool"), recorder, noCancel());

        assertNull(reply.error());
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(3, reply.content().size());
        assertEquals(new ContentBlock.Thinking("The person wrote 20 characters; I will repeat their words back to them.", null),
                reply.content().get(0));
        assertTrue(((ContentBlock.Text) reply.content().get(1)).text().startsWith("(simulated reply)"));
        assertEquals(new ContentBlock.ToolCall("call_sim_weather", "get_weather", "{\"city\":\"Paris\"}"), reply.content().get(2));
        assertEquals(new ChatStreamEvent.ToolCallStarted(0, "call_sim_weather", "get_weather"),
                recorder.events.stream().filter(e -> e instanceof ChatStreamEvent.ToolCallStarted).findFirst().orElseThrow());
    }

    @Test
    void directiveFailuresArriveAsErrors() {
        ProviderReply limited = adapter.stream(ask("#sim:error-429"), recorder, noCancel());
        ProviderReply broken = adapter.stream(ask("#sim:midstream-error"), recorder, noCancel());

        assertEquals(Kind.RATE_LIMITED, limited.error().kind());
        assertEquals(Duration.ofSeconds(1), limited.error().retryAfter());
        assertEquals(Kind.UNAVAILABLE, broken.error().kind());
        assertEquals(List.of(new ContentBlock.Text("(simulated reply) You")), broken.content());
    }

    @Test
    void aWrongKeyIsAnAuthenticationError() {
        OpenAiChatCompletionsAdapter wrongKey = new OpenAiChatCompletionsAdapter(OpenAiChatConfig.of("simulator",
                simulator.baseUrl(), Secret.ofNullable("sk-wrong-key-000000")), CLIENT);

        ProviderReply reply = wrongKey.stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.AUTHENTICATION, reply.error().kind());
        assertEquals("simulator answered HTTP 401 (invalid_api_key): Incorrect API key provided.", reply.error().message());
    }

    @Test
    void modelsAreListed() {
        assertEquals(List.of(ProviderSimulator.MODEL), adapter.listModels());
    }

    @Test
    void listingModelsWithAWrongKeyThrowsAClearException() {
        OpenAiChatCompletionsAdapter wrongKey = new OpenAiChatCompletionsAdapter(OpenAiChatConfig.of("simulator",
                simulator.baseUrl(), Secret.ofNullable("sk-wrong-key-000000")), CLIENT);

        ProviderCallException failure = assertThrows(ProviderCallException.class, wrongKey::listModels);

        assertEquals(Kind.AUTHENTICATION, failure.error().kind());
        assertEquals("simulator answered HTTP 401 (invalid_api_key): Incorrect API key provided.", failure.getMessage());
    }

    @Test
    void scriptedReplyWithLengthFinish() {
        simulator.script(Reply.text("cut", " short").withFinishReason("length"));

        ProviderReply reply = adapter.stream(ask("hi"), recorder, noCancel());

        assertEquals(StopReason.MAX_TOKENS, reply.stopReason());
        assertEquals(List.of(new ContentBlock.Text("cut short")), reply.content());
    }

    @Test
    void aTruncatedSimulatorStreamEndedEarly() {
        simulator.script(Reply.text("a", "b", "c").truncate(2));

        ProviderReply reply = adapter.stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertEquals(List.of(new ContentBlock.Text("ab")), reply.content());
    }
}
