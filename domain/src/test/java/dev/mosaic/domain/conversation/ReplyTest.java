package dev.mosaic.domain.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.AgentRef;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private final Conversation conversation = Conversation.start(UserId.random(), "hi", NOW);
    private final AgentRef agent = new AgentRef(AgentId.random(), "coding-agent", 3);
    private final ContentBlock.ToolCall call = new ContentBlock.ToolCall("t1", "read_file", "{}");

    private Reply started() {
        return Reply.start(conversation, "anthropic", "claude-opus-4-6", agent, NOW);
    }

    private static Generation ended(StopReason reason, MessageError error) {
        return new Generation("anthropic", "claude-opus-4-6", Usage.NONE, reason, Duration.ZERO, Duration.ofSeconds(1),
                error);
    }

    @Test
    void aReplyStreamsThenEndsOnceCompleteOrPartial() {
        Reply growing = started().progress(List.of(new ContentBlock.Text("Hel")));
        assertEquals(Reply.State.STREAMING, growing.state());

        Reply complete = growing.finish(List.of(new ContentBlock.Text("Hello")), ended(StopReason.END_TURN, null));
        assertEquals(Reply.State.COMPLETE, complete.state());
        assertEquals(agent, complete.message().generation().agent(), "the agent that started it is kept to the end");
        assertThrows(IllegalStateException.class, () -> complete.progress(List.of()));
        assertThrows(IllegalStateException.class, () -> complete.finish(List.of(), ended(StopReason.END_TURN, null)));
        assertThrows(IllegalStateException.class, complete::interrupt);

        Reply partial = started().finish(List.of(new ContentBlock.Text("Hel")), ended(StopReason.ERROR,
                new MessageError("provider_timeout", "no answer")));
        assertEquals(Reply.State.PARTIAL, partial.state());
        assertThrows(IllegalArgumentException.class, () -> started().finish(List.of(), ended(StopReason.ERROR, null)),
                "an error stop names its error");
    }

    @Test
    void aReplyLeftStreamingByAStoppedGatewayIsInterruptedWithWhatArrived() {
        Reply interrupted = started().progress(List.of(new ContentBlock.Text("Hel"))).interrupt();
        assertEquals(Reply.State.INTERRUPTED, interrupted.state());
        assertEquals(MessageStatus.PARTIAL, interrupted.message().status());
        assertEquals("Hel", interrupted.message().text());
        assertEquals(Reply.INTERRUPTED, interrupted.message().generation().error());
        assertEquals(Reply.State.INTERRUPTED, Reply.of(interrupted.message()).state(), "the state reads back from the store");
    }

    @Test
    void aCompleteReplyWithCallsAsksForTools() {
        Reply asks = started().finish(List.of(new ContentBlock.Text("Let me look."), call), ended(StopReason.TOOL_USE, null));
        assertTrue(asks.asksForTools());
        assertEquals(List.of(call), asks.toolCalls());
        Reply cut = started().finish(List.of(call), ended(StopReason.ERROR, new MessageError("aborted", "stopped")));
        assertFalse(cut.asksForTools());
        Reply talked = started().finish(List.of(new ContentBlock.Text("hi")), ended(StopReason.END_TURN, null));
        assertFalse(talked.asksForTools());
        Reply stoppedWithCalls = started().finish(List.of(call), ended(StopReason.END_TURN, null));
        assertTrue(stoppedWithCalls.asksForTools(), "a provider may end a turn with calls as an ordinary stop");
    }

    @Test
    void everyCallIsAnsweredExactlyOnceInItsOrder() {
        ContentBlock.ToolCall second = new ContentBlock.ToolCall("t2", "grep", "{}");
        Reply asks = started().finish(List.of(call, second), ended(StopReason.TOOL_USE, null));

        Message answer = asks.answeredBy(List.of(new ContentBlock.ToolResult("t1", "a", false),
                new ContentBlock.ToolResult("t2", "b", true)), NOW);
        assertEquals(Role.TOOL, answer.role());
        assertEquals(2, answer.content().size());
        assertThrows(IllegalArgumentException.class, () -> asks.answeredBy(List.of(
                new ContentBlock.ToolResult("t1", "a", false)), NOW), "one result per call");
        assertThrows(IllegalArgumentException.class, () -> asks.answeredBy(List.of(
                new ContentBlock.ToolResult("t2", "b", false), new ContentBlock.ToolResult("t1", "a", false)), NOW),
                "in the calls' order");
        Reply repeats = started().finish(List.of(call, call), ended(StopReason.TOOL_USE, null));
        assertEquals(2, repeats.answeredBy(List.of(new ContentBlock.ToolResult("t1", "a", false),
                new ContentBlock.ToolResult("t1", "b", false)), NOW).content().size(), "a repeated id still gets a result");
        Message closed = asks.closedUnrun("not run: aborted", NOW);
        assertTrue(closed.content().stream().allMatch(b -> b instanceof ContentBlock.ToolResult r && r.isError()
                && r.content().equals("not run: aborted")));
        assertThrows(IllegalStateException.class, () -> started().answeredBy(List.of(), NOW),
                "a streaming reply's calls are not answered yet");
    }

    @Test
    void aConversationEndingWithCallsAwaitsTheirResultsAndTheClientAnswersTheCallsTheGatewayDoesNotRun() {
        ContentBlock.ToolCall weather = new ContentBlock.ToolCall("w1", "get_weather", "{}");
        Reply asks = started().finish(List.of(call, weather), ended(StopReason.TOOL_USE, null));
        Message question = Message.fromUser(conversation, "hi", NOW);

        assertEquals(asks.message(), Reply.unanswered(List.of(question, asks.message())).orElseThrow().message());
        assertEquals(List.of(weather), asks.clientCalls("read_file"::equals));
        assertTrue(Reply.unanswered(List.of(question, asks.message(), asks.closedUnrun("x", NOW))).isEmpty());
        assertTrue(Reply.unanswered(List.of(question)).isEmpty());
        assertTrue(Reply.unanswered(List.of()).isEmpty());
        Reply cut = started().finish(List.of(weather), ended(StopReason.ERROR, new MessageError("aborted", "stopped")));
        assertTrue(Reply.unanswered(List.of(question, cut.message())).isEmpty(), "a reply cut short asks for nothing");

        assertTrue(Reply.mismatch(List.of(weather), List.of(new ContentBlock.ToolResult("w1", "sunny", false))).isEmpty());
        assertEquals("result 0 answers w2, not call w1", Reply.mismatch(List.of(weather),
                List.of(new ContentBlock.ToolResult("w2", "sunny", false))).orElseThrow());
        assertEquals("1 calls need 1 results, not 0", Reply.mismatch(List.of(weather), List.of()).orElseThrow());
    }
}
