package dev.mosaic.adapters.out.providers;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.assistantFrom;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.tool;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ContentBlock.Text;
import dev.mosaic.domain.conversation.ContentBlock.Thinking;
import dev.mosaic.domain.conversation.ContentBlock.ToolCall;
import dev.mosaic.domain.conversation.ContentBlock.ToolResult;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the normalisation on its own; {@link ProviderSwitchTest} shows every protocol accepting the result. */
class HistoryNormaliserTest {

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
                contents(HistoryNormaliser.normalise(history, "anthropic", "claude-sonnet-4-5")),
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

        List<Message> normalised = HistoryNormaliser.normalise(history, "anthropic", "claude-sonnet-4-5");

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
                        new ToolCall("call_2", "weather", "{\"city\":\"Ro")),
                user("hurry"),
                tool(new ToolResult("call_1", "9°C", false), new ToolResult("call_1", "a second answer", false),
                        new ToolResult("call_unknown", "?", false)),
                assistantFrom("openai", "gpt-4o"),
                user("thanks"));

        List<Message> normalised = HistoryNormaliser.normalise(history, "anthropic", "claude-sonnet-4-5");

        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER, Role.USER), roles(normalised));
        assertEquals(List.of(new Text("Checking."), new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"),
                new ToolCall("call_2", "weather", "{}")), normalised.get(1).content(), "arguments cut short become {}");
        assertEquals(List.of(new ToolResult("call_1", "9°C", false), new ToolResult("call_2", HistoryNormaliser.NO_RESULT, true)),
                normalised.get(2).content());
    }

    @Test
    void aResultStoredBeforeAnyCallWithItsIdAnswersNothing() {
        List<Message> history = List.of(
                tool(new ToolResult("call_1", "too early", false)),
                assistantFrom("openai", "gpt-4o", new ToolCall("call_1", "weather", "{}")));

        List<Message> normalised = HistoryNormaliser.normalise(history, "openai", "gpt-4o");

        assertEquals(List.of(List.of(new ToolCall("call_1", "weather", "{}")),
                List.of(new ToolResult("call_1", HistoryNormaliser.NO_RESULT, true))), contents(normalised));
    }
}
