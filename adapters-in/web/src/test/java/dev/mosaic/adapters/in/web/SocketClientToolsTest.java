package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.tool.ToolOutput;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ConversationId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SocketClientToolsTest {
    private final ServerFrames frames = new ServerFrames(WebJson.mapper());
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final SocketClientTools tools = new SocketClientTools(Set.of("current_time"), Set.of("read_file", "grep"),
            frames, sent::add);
    private final ConversationId conversation = ConversationId.random();

    @Test
    void onlyClientToolsWithASchemaAreAcceptedAndEachRefusalSaysWhy() {
        String answer = tools.offer(List.of(new ClientFrame.Offered("read_file", "reads", "{\"type\":\"object\"}"),
                new ClientFrame.Offered("current_time", "pretends", "{\"type\":\"object\"}"),
                new ClientFrame.Offered("launch_rockets", "no", "{\"type\":\"object\"}"),
                new ClientFrame.Offered("grep", "no schema", null),
                new ClientFrame.Offered("read_file", "again", "{\"type\":\"object\"}")));

        assertEquals(List.of("read_file"), tools.offered().stream().map(ToolSpec::name).toList());
        assertTrue(answer.startsWith("{\"type\":\"tools:offered\",\"accepted\":[\"read_file\"],"), answer);
        assertTrue(answer.contains("the gateway runs current_time itself"), answer);
        assertTrue(answer.contains("no agent can use a client tool named 'launch_rockets'"), answer);
        assertTrue(answer.contains("'parameters' must be a JSON schema object"), answer);
        assertTrue(answer.contains("offered twice"), answer);
    }

    @Test
    void aCallGoesOutAndOnlyItsOwnAnswerCompletesItOnce() {
        CompletableFuture<ToolOutput> call = tools.call(conversation, "t1", "read_file", "{}");
        assertEquals(1, sent.size());
        assertTrue(sent.getFirst().startsWith("{\"type\":\"tool:call\""), sent.getFirst());
        assertFalse(call.isDone());

        assertFalse(tools.answer("t9", "not asked", false));
        assertTrue(tools.answer("t1", "# Mosaic", false));
        assertEquals(ToolOutput.ok("# Mosaic"), call.join());
        assertFalse(tools.answer("t1", "twice", false), "an answer is taken once");
    }

    @Test
    void aForgottenCallTakesNoLateAnswerAndClosingFailsWhatIsOpen() {
        tools.call(conversation, "t1", "read_file", "{}");
        tools.forget("t1");
        assertFalse(tools.answer("t1", "late", false));

        CompletableFuture<ToolOutput> open = tools.call(conversation, "t2", "read_file", "{}");
        tools.close();
        assertTrue(open.join().isError());
        assertTrue(tools.call(conversation, "t3", "read_file", "{}").join().isError(), "a closed connection runs nothing");
    }

    @Test
    void aConnectionThatCannotSendFailsTheCallAtOnce() {
        SocketClientTools gone = new SocketClientTools(Set.of(), Set.of("read_file"), frames, frame -> {
            throw new IllegalStateException("connection closed");
        });
        ToolOutput output = gone.call(conversation, "t1", "read_file", "{}").join();
        assertTrue(output.isError());
        assertTrue(output.content().contains("went away"), output.content());
    }
}
