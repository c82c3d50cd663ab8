package dev.mosaic.adapters.out.providers;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistant;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicConfig;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatCompletionsAdapter;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiResponsesAdapter;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every adapter against the provider simulator, which speaks each protocol as the gateway meets it
 * when no provider is configured: what the adapter sends must be accepted, and what comes back
 * must be read, including the failures the simulator can stage.
 */
class SimulatorProtocolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sim-test-0123456789abcdef";
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final List<ToolSpec> TOOLS = List.of(ProviderFixtures.WEATHER, ProviderFixtures.offered("current_time"));

    /** Each protocol's adapter, pointed at the simulator with this idle timeout. */
    enum Protocol {
        CHAT_COMPLETIONS((simulator, idle) -> new OpenAiChatCompletionsAdapter(openAi(simulator, idle), CLIENT)),
        RESPONSES((simulator, idle) -> new OpenAiResponsesAdapter(openAi(simulator, idle), CLIENT)),
        ANTHROPIC_MESSAGES((simulator, idle) -> new AnthropicMessagesAdapter(AnthropicConfig.of("simulator",
                simulator.rootUrl(), Secret.ofNullable(KEY)).withTimeouts(SHORT, SHORT, idle), CLIENT)),
        OLLAMA((simulator, idle) -> new OllamaChatAdapter(OllamaConfig.of("simulator", simulator.rootUrl())
                .withTimeouts(SHORT, SHORT, idle), CLIENT));

        private final BiFunction<ProviderSimulator, Duration, ChatProvider> adapter;

        Protocol(BiFunction<ProviderSimulator, Duration, ChatProvider> adapter) {
            this.adapter = adapter;
        }

        private static OpenAiChatConfig openAi(ProviderSimulator simulator, Duration idle) {
            return OpenAiChatConfig.of("simulator", simulator.baseUrl(), Secret.ofNullable(KEY)).withTimeouts(SHORT, SHORT, idle);
        }
    }

    private ProviderSimulator simulator;
    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    /** Without authentication, as a local Ollama has none; each protocol's headers are checked by its own tests. */
    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO).withoutAuth());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private ProviderReply send(Protocol protocol, ChatRequest request) {
        return protocol.adapter.apply(simulator, SHORT).stream(request, recorder, noCancel());
    }

    private static ChatRequest ask(String text) {
        return new ChatRequest(ProviderSimulator.MODEL, "", List.of(user(text)), 0);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theDefaultReplyEchoesTheWholeConversation(Protocol protocol) {
        ProviderReply reply = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "Be kind.", List.of(user("hello"),
                assistant(new ContentBlock.Text("hi")), user("what did I say?")), 100));

        String expected = "(simulated reply) You said: \"what did I say?\". This conversation has 3 messages.";
        assertNull(reply.error(), () -> reply.error().message());
        assertEquals(List.of(new ContentBlock.Text(expected)), reply.content());
        assertEquals(expected, recorder.text());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertTrue(reply.usage().inputTokens() > 0 && reply.usage().outputTokens() > 0, reply.usage().toString());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void thinkingTextAndAToolCallArriveInOrder(Protocol protocol) throws Exception {
        simulator.script(Reply.text("Checking", " now.").withThinking("Let me", " think.")
                .withToolCall("call_1", "get_weather", "{\"city\":", "\"Paris\"}"));

        ProviderReply reply = send(protocol, ask("weather?"));

        assertNull(reply.error(), () -> reply.error().message());
        assertEquals(3, reply.content().size(), reply.content().toString());
        assertEquals("Let me think.", ((ContentBlock.Thinking) reply.content().get(0)).text());
        assertEquals(new ContentBlock.Text("Checking now."), reply.content().get(1));
        ContentBlock.ToolCall call = (ContentBlock.ToolCall) reply.content().get(2);
        assertEquals("get_weather", call.name());
        assertFalse(call.id().isBlank());
        assertEquals(JSON.readTree("{\"city\":\"Paris\"}"), JSON.readTree(call.argumentsJson()));
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals("Let me think.", recorder.thinking());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aToolRoundTripIsAcceptedAsSentAndItsResultsNamed(Protocol protocol) {
        ProviderReply reply = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "", List.of(
                user("weather in Paris?"),
                assistant(new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
                tool(new ContentBlock.ToolResult("call_1", "18°C, sunny", false))), 0, TOOLS));

        assertNull(reply.error(), () -> reply.error().message());
        assertEquals("(simulated reply) Tool results: get_weather gave \"18°C, sunny\". This conversation has 2 messages.",
                recorder.text());
    }

    /** The conversation so far, the reply's calls, and a result for each, in the order given. */
    private static List<Message> answered(List<Message> before, ProviderReply reply, String... results) {
        List<Message> history = new ArrayList<>(before);
        history.add(assistant(reply.content().toArray(ContentBlock[]::new)));
        List<ContentBlock> answers = new ArrayList<>();
        List<ContentBlock.ToolCall> calls = reply.content().stream().filter(ContentBlock.ToolCall.class::isInstance)
                .map(ContentBlock.ToolCall.class::cast).toList();
        for (int i = 0; i < calls.size(); i++) {
            answers.add(new ContentBlock.ToolResult(calls.get(i).id(), results[i], false));
        }
        history.add(tool(answers.toArray(ContentBlock[]::new)));
        return history;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theSimulatorCallsTheOfferedToolsItIsToldToAndNamesTheResultsItGets(Protocol protocol) throws Exception {
        List<Message> asked = List.of(user("#sim:call get_weather {\"city\":\"Oslo\"} #sim:call current_time"));

        ProviderReply calls = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "Use tools.", asked, 0, TOOLS));

        assertNull(calls.error(), () -> calls.error().message());
        assertEquals(StopReason.TOOL_USE, calls.stopReason());
        assertEquals(List.of("get_weather", "current_time"), simulator.lastRequest().tools());
        assertEquals("Use tools.", simulator.lastRequest().systemPrompt());
        List<ContentBlock.ToolCall> made = calls.content().stream().map(ContentBlock.ToolCall.class::cast).toList();
        assertEquals(List.of("get_weather", "current_time"), made.stream().map(ContentBlock.ToolCall::name).toList());
        assertEquals(JSON.readTree("{\"city\":\"Oslo\"}"), JSON.readTree(made.get(0).argumentsJson()));
        assertEquals("{}", made.get(1).argumentsJson());
        assertEquals(2, made.stream().map(ContentBlock.ToolCall::id).distinct().count(), "each call has an id of its own");

        ProviderReply answer = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "", answered(asked, calls, "9°C", "12:00"),
                0, TOOLS));

        assertNull(answer.error(), () -> answer.error().message());
        assertEquals(StopReason.END_TURN, answer.stopReason());
        assertEquals(List.of(new ContentBlock.Text("(simulated reply) Tool results: get_weather gave \"9°C\"; current_time gave"
                + " \"12:00\". This conversation has 2 messages.")), answer.content());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void callAgainCallsTheFirstOfferedToolEveryTurn(Protocol protocol) {
        List<Message> history = List.of(user("#sim:call-again"));
        for (int turn = 0; turn < 3; turn++) {
            ProviderReply reply = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "", history, 0, TOOLS));

            assertEquals(StopReason.TOOL_USE, reply.stopReason(), "turn " + turn);
            assertEquals("get_weather", ((ContentBlock.ToolCall) reply.content().getFirst()).name());
            history = answered(history, reply, "result " + turn);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aBrokenCallComesBackCutOffAndGoesBackAnsweredAsNotRun(Protocol protocol) {
        List<Message> asked = List.of(user("#sim:call-broken get_weather"));

        ProviderReply broken = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "", asked, 0, TOOLS));

        ContentBlock.ToolCall call = (ContentBlock.ToolCall) broken.content().getFirst();
        assertEquals("get_weather", call.name());
        assertEquals("{\"input\": \"cut o", call.argumentsJson());
        ProviderReply answer = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "",
                answered(asked, broken, "a result the gateway should not have"), 0, TOOLS));
        assertEquals("(simulated reply) Tool results: get_weather gave \"" + HistoryNormaliser.CUT_OFF + "\". This conversation has"
                + " 2 messages.", ((ContentBlock.Text) answer.content().getFirst()).text());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aToolNotOfferedIsCalledOnlyWhenAskedToBe(Protocol protocol) {
        ProviderReply refused = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "", List.of(user("#sim:call rm_rf")), 0, TOOLS));
        ProviderReply made = send(protocol, new ChatRequest(ProviderSimulator.MODEL, "", List.of(user("#sim:call-unoffered rm_rf")),
                0, TOOLS));

        assertEquals(List.of(new ContentBlock.Text("(simulated reply) Not calling rm_rf: the request offers no tool of that name.")),
                refused.content());
        assertEquals("rm_rf", ((ContentBlock.ToolCall) made.content().getFirst()).name());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anHttpErrorComesBackInTheProtocolsShapeAndIsMapped(Protocol protocol) {
        ProviderReply reply = send(protocol, ask("#sim:error-429"));

        assertEquals(Kind.RATE_LIMITED, reply.error().kind());
        assertEquals(429, reply.error().httpStatus());
        assertEquals(Duration.ofSeconds(1), reply.error().retryAfter());
        assertEquals(List.of(), reply.content());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aMidStreamErrorKeepsWhatCameBefore(Protocol protocol) {
        simulator.script(Reply.text("one", " two", " three").midStreamError(2, "the model fell over"));

        ProviderReply reply = send(protocol, ask("hi"));

        assertEquals(StopReason.ERROR, reply.stopReason());
        assertTrue(reply.error().message().contains("the model fell over"), reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("one two")), reply.content());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aStreamEndingWithoutItsEndIsMalformed(Protocol protocol) {
        simulator.script(Reply.text("one", " two", " three").truncate(2));

        ProviderReply reply = send(protocol, ask("hi"));

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertEquals(List.of(new ContentBlock.Text("one two")), reply.content());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aHangingStreamTimesOutKeepingThePartialReply(Protocol protocol) {
        simulator.script(Reply.text("one", " two", " three").hang(2));

        ProviderReply reply = protocol.adapter.apply(simulator, Duration.ofMillis(300)).stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.TIMEOUT, reply.error().kind());
        assertEquals(List.of(new ContentBlock.Text("one two")), reply.content());
    }
}
