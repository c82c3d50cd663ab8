package dev.mosaic.adapters.out.providers;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock.Text;
import dev.mosaic.domain.conversation.ContentBlock.Thinking;
import dev.mosaic.domain.conversation.ContentBlock.ToolCall;
import dev.mosaic.domain.conversation.ContentBlock.ToolResult;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.Role;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each rule of the normalisation on its own; {@link ProviderSwitchTest} shows every protocol accepting the result. */
class HistoryNormaliserTest {

    /** The history normalised for {@code provider}'s {@code model}, in a request that offers these tools. */
    private static List<Message> normalise(List<Message> history, String provider, String model, String... tools) {
        List<ToolSpec> offered = Stream.of(tools).map(name -> new ToolSpec(name, "", "{}")).toList();
        return HistoryNormaliser.normalise(new ChatRequest(model, "", history, 0, offered), provider);
    }

    private static List<List<ContentBlock>> contents(List<Message> messages) {
        return messages.stream().map(Message::content).toList();
    }

    private static List<Role> roles(List<Message> messages) {
        return messages.stream().map(Message::role).toList();
    }

    @Test
    void aSignatureIsKeptOnlyForTheProviderAndModelThatIssuedIt() {
        List<Message> history = List.of(
                assistantFrom("anthropic", "claude-sonnet-4-5-20250929", new Thinking("own", "sig-own")),
                assistantFrom("anthropic", "claude-opus-4-1", new Thinking("other model", "sig-opus")),
                assistantFrom("simulator", "claude-sonnet-4-5", new Thinking("other provider", "sig-sim")),
                assistantFrom("anthropic", "claude-sonnet-4-5-preview", new Thinking("not a dated variant", "sig-preview")),
                assistantFrom("anthropic", "claude-opus-4-1", new Thinking("", "sig-withheld")));

        assertEquals(List.of(List.of(new Thinking("own", "sig-own")), List.of(new Thinking("other model", null)),
                        List.of(new Thinking("other provider", null)), List.of(new Thinking("not a dated variant", null))),
                contents(normalise(history, "anthropic", "claude-sonnet-4-5")),
                "withheld thinking signed by another model has nothing left to send");
    }

    @Test
    void idsAreMadeValidShortAndUniqueAndTheResultsFollowTheRenaming() {
        String longId = "x".repeat(45);
        List<Message> history = List.of(
                assistantFrom("openrouter", "moonshotai/kimi-k2", new ToolCall("functions.get_time:0", "get_time", "{}"),
                        new ToolCall(longId, "a", "{}"), new ToolCall("", "b", "{}")),
                tool(new ToolResult("functions.get_time:0", "12:00", false), new ToolResult(longId, "long", false),
                        new ToolResult("", "unnamed", false)),
                assistantFrom("ollama", "qwen3", new ToolCall("call_0", "c", "{}")),
                tool(new ToolResult("call_0", "first", false)),
                assistantFrom("ollama", "qwen3", new ToolCall("call_0", "c", "{}"), new ToolCall(longId, "a", "{}")),
                tool(new ToolResult("call_0", "second", false), new ToolResult(longId, "long again", false)));

        List<Message> normalised = normalise(history, "anthropic", "claude-sonnet-4-5", "get_time", "a", "b", "c");

        String shortened = "x".repeat(40);
        String renumbered = "x".repeat(38) + "_2";
        assertEquals(List.of(
                List.of(new ToolCall("functions_get_time_0", "get_time", "{}"), new ToolCall(shortened, "a", "{}"),
                        new ToolCall("call", "b", "{}")),
                List.of(new ToolResult("functions_get_time_0", "12:00", false), new ToolResult(shortened, "long", false),
                        new ToolResult("call", "unnamed", false)),
                List.of(new ToolCall("call_0", "c", "{}")),
                List.of(new ToolResult("call_0", "first", false)),
                List.of(new ToolCall("call_0_2", "c", "{}"), new ToolCall(renumbered, "a", "{}")),
                List.of(new ToolResult("call_0_2", "second", false), new ToolResult(renumbered, "long again", false))),
                contents(normalised));
    }

    @Test
    void eachCallIsAnsweredRightAfterItsMessageByItsStoredResultOrByOneSayingThereIsNone() {
        List<Message> history = List.of(
                user("weather?"),
                assistantFrom("openai", "gpt-4o", new Text("Checking."), new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"),
                        new ToolCall("call_2", "weather", "{\"city\":\"Rome\"}")),
                user("hurry"),
                tool(new ToolResult("call_1", "9°C", false), new ToolResult("call_1", "a second answer", false),
                        new ToolResult("call_unknown", "?", false)),
                assistantFrom("openai", "gpt-4o"),
                user("thanks"));

        List<Message> normalised = normalise(history, "anthropic", "claude-sonnet-4-5", "weather");

        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER, Role.USER), roles(normalised));
        assertEquals(List.of(new Text("Checking."), new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"),
                new ToolCall("call_2", "weather", "{\"city\":\"Rome\"}")), normalised.get(1).content());
        assertEquals(List.of(new ToolResult("call_1", "9°C", false), new ToolResult("call_2", HistoryNormaliser.NO_RESULT, true)),
                normalised.get(2).content());
    }

    @Test
    void aCallWhoseArgumentsWereCutOffGoesBackEmptyAndIsAnsweredAsNotRun() {
        List<Message> history = List.of(
                assistantFrom("openai", "gpt-4o", new ToolCall("call_1", "weather", "{\"city\":\"Ro"),
                        new ToolCall("call_2", "weather", "[\"Oslo\"]"), new ToolCall("call_3", "weather", "{\"city\":\"Oslo\"}")),
                tool(new ToolResult("call_1", "a result stored anyway", false), new ToolResult("call_3", "9°C", false)));

        List<Message> normalised = normalise(history, "openai", "gpt-4o", "weather");

        assertEquals(List.of(
                List.of(new ToolCall("call_1", "weather", "{}"), new ToolCall("call_2", "weather", "{}"),
                        new ToolCall("call_3", "weather", "{\"city\":\"Oslo\"}")),
                List.of(new ToolResult("call_1", HistoryNormaliser.CUT_OFF, true), new ToolResult("call_2", HistoryNormaliser.CUT_OFF, true),
                        new ToolResult("call_3", "9°C", false))), contents(normalised));
    }

    @Test
    void callsToToolsTheRequestDoesNotOfferBecomeTextWithTheirResults() {
        List<Message> history = List.of(
                user("weather and time?"),
                assistantFrom("anthropic", "claude-sonnet-4-5", new Text("Checking."),
                        new ToolCall("toolu_1", "weather", "{\"city\":\"Oslo\"}"), new ToolCall("toolu_2", "clock", "{}"),
                        new ToolCall("toolu_3", "weather", "{\"city\":\"Ro"), new ToolCall("toolu_4", "weather", "{}")),
                tool(new ToolResult("toolu_1", "9°C", false), new ToolResult("toolu_2", "12:00", false),
                        new ToolResult("toolu_4", "no city given", true)),
                assistantFrom("anthropic", "claude-sonnet-4-5", new ToolCall("toolu_5", "clock", "{}")),
                user("thanks"));

        List<Message> normalised = normalise(history, "anthropic", "claude-sonnet-4-5", "clock");

        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER),
                roles(normalised));
        assertEquals(List.of(
                List.of(new Text("weather and time?")),
                List.of(new Text("Checking.\n[called tool weather with {\"city\":\"Oslo\"}]"), new ToolCall("toolu_2", "clock", "{}"),
                        new Text("\n[called tool weather with {}]\n[called tool weather with {}]")),
                List.of(new ToolResult("toolu_2", "12:00", false)),
                List.of(new Text("[result of tool weather: 9°C]\n[error from tool weather: " + HistoryNormaliser.CUT_OFF + "]\n"
                        + "[error from tool weather: no city given]")),
                List.of(new ToolCall("toolu_5", "clock", "{}")),
                List.of(new ToolResult("toolu_5", HistoryNormaliser.NO_RESULT, true)),
                List.of(new Text("thanks"))), contents(normalised));
    }

    @Test
    void withNoToolsOfferedEveryCallIsText() {
        List<Message> history = List.of(
                assistantFrom("openai", "gpt-4o", new ToolCall("call_1", "weather", "{}")),
                tool(new ToolResult("call_1", "sunny", false)));

        List<Message> normalised = normalise(history, "openai", "gpt-4o");

        assertEquals(List.of(Role.ASSISTANT, Role.USER), roles(normalised));
        assertEquals(List.of(List.of(new Text("[called tool weather with {}]")), List.of(new Text("[result of tool weather: sunny]"))),
                contents(normalised));
    }

    @Test
    void aResultStoredBeforeAnyCallWithItsIdAnswersNothing() {
        List<Message> history = List.of(
                tool(new ToolResult("call_1", "too early", false)),
                assistantFrom("openai", "gpt-4o", new ToolCall("call_1", "weather", "{}")));

        List<Message> normalised = normalise(history, "openai", "gpt-4o", "weather");

        assertEquals(List.of(List.of(new ToolCall("call_1", "weather", "{}")),
                List.of(new ToolResult("call_1", HistoryNormaliser.NO_RESULT, true))), contents(normalised));
    }
}
