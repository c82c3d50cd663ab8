package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session's bookkeeping, fed frames directly; futures complete on the calling thread here. */
class ChatSessionTest {

    private final List<ClientFrame> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private ChatSession session;
    private boolean transportClosed;
    private CompletableFuture<Void> nextSendResult;

    @BeforeEach
    void connect() {
        session = new ChatSession(new ChatSession.Events() {
            @Override
            public void onSessionInfo(ServerFrame.SessionInfo info) {
                events.add("info " + info.conversationId());
            }

            @Override
            public void onContextCompacted(ServerFrame.ContextCompacted compacted) {
                events.add("compacted " + compacted.messagesCovered());
            }

            @Override
            public void onDelta(ServerFrame.MessageDelta delta) {
                events.add(delta.kind() + " " + delta.text());
            }

            @Override
            public void onReplyEnd(Reply reply) {
                events.add("end " + reply.requestId() + " " + reply.status());
            }

            @Override
            public void onOthersMessage(ServerFrame.MessageStored stored) {
                events.add("others " + stored.text());
            }

            @Override
            public void onOthersReply(ServerFrame.MessageEnd end, String text) {
                events.add("others' reply " + end.messageId() + " " + text);
            }

            @Override
            public void onError(GatewayError error) {
                events.add("error " + error.code());
            }

            @Override
            public void onClosed(CloseReason reason) {
                events.add("closed " + reason.statusCode());
            }
        }, ChatSession.Tools.NONE, Runnable::run);
        session.attach(new ChatSession.Transport() {
            @Override
            public CompletableFuture<Void> send(ClientFrame frame) {
                sent.add(frame);
                CompletableFuture<Void> result = nextSendResult;
                nextSendResult = null;
                return result != null ? result : CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
                transportClosed = true;
                session.closed(new CloseReason(CloseReason.NORMAL, "closed by the client"));
            }
        });
        session.accept(new ServerFrame.Ready(1, "u1", 65536));
    }

    @Test
    void anExchangeAnotherClientStartedInTheOpenConversationIsToldAsItsMessageThenItsWholeReply() {
        session.accept(new ServerFrame.SessionInfo("c1", "simulator", "sim-echo", "no provider", true, 32768));
        session.accept(new ServerFrame.MessageStored("c1", "m1", "r9", "from the laptop"));
        session.accept(new ServerFrame.MessageStart("c1", "m2", "simulator", "sim-echo"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "Hel"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "lo"));
        session.accept(end("c1", "complete", "end_turn", null));

        assertEquals(List.of("info c1", "others from the laptop", "TEXT Hel", "TEXT lo", "others' reply m2 Hello"), events);
    }

    @Test
    void assemblesAReplyFromItsDeltas() {
        CompletableFuture<Reply> future = session.send("weather in Paris?");
        assertEquals(List.of(new ClientFrame.Send("weather in Paris?", null, "r1"), new ClientFrame.Ping()), sent);

        ServerFrame.SessionInfo info = new ServerFrame.SessionInfo("c1", "simulator", "sim-echo", "no provider", true, 32768);
        session.accept(info);
        session.accept(new ServerFrame.MessageStored("c1", "m1", "r1"));
        session.accept(new ServerFrame.Pong());
        session.accept(new ServerFrame.MessageStart("c1", "m2", "simulator", "sim-echo"));
        session.accept(delta("c1", ServerFrame.DeltaKind.THINKING, "Let me "));
        session.accept(delta("c1", ServerFrame.DeltaKind.THINKING, "check."));
        session.accept(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "", 0, "call_1",
                "get_weather"));
        session.accept(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "{\"city\":", 0, null,
                null));
        session.accept(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "", 1, "call_2", "time"));
        session.accept(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "\"Paris\"}", 0, null,
                null));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "It is "));
        session.accept(delta("c1", ServerFrame.DeltaKind.OTHER, "ignored"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "sunny."));
        assertFalse(future.isDone());
        session.accept(end("c1", "complete", "end_turn", null));

        Reply reply = future.join();
        assertEquals("r1", reply.requestId());
        assertEquals("c1", reply.conversationId());
        assertEquals("m2", reply.messageId());
        assertEquals("simulator", reply.provider());
        assertEquals("sim-echo", reply.model());
        assertEquals("complete", reply.status());
        assertFalse(reply.isPartial());
        assertEquals("end_turn", reply.stopReason());
        assertEquals("It is sunny.", reply.text());
        assertEquals("Let me check.", reply.thinking());
        assertEquals(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"), new ToolCall("call_2", "time", "")),
                reply.toolCalls());
        assertEquals(new Usage(12, 3, 0), reply.usage());
        assertEquals(Duration.ofMillis(42), reply.timing().timeToFirstToken());
        assertNull(reply.error());
        assertSame(info, reply.sessionInfo());
        assertTrue(reply.simulated());
        assertEquals(Optional.of("c1"), session.currentConversationId());
        assertEquals(List.of("info c1", "THINKING Let me ", "THINKING check.", "TOOL_CALL ", "TOOL_CALL {\"city\":",
                "TOOL_CALL ", "TOOL_CALL \"Paris\"}", "TEXT It is ", "OTHER ignored", "TEXT sunny.", "end r1 complete"),
                events);
    }

    @Test
    void anExchangeWithToolsEndsOnlyAtTheMessageEndThatDoesNotContinue() {
        CompletableFuture<Reply> future = session.send("what is in the readme?");
        session.accept(new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "configured", false, 8192));
        session.accept(new ServerFrame.MessageStored("c1", "m1", "r1"));
        session.accept(new ServerFrame.Pong());
        session.accept(new ServerFrame.MessageStart("c1", "m2", "openai", "gpt-4o"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "Let me look."));
        session.accept(new ServerFrame.MessageDelta("c1", "m2", ServerFrame.DeltaKind.TOOL_CALL, "{}", 0, "t1",
                "list_files"));
        session.accept(step("c1", "m2", new Usage(10, 2, 1), true));
        assertFalse(future.isDone(), "tools run and another message follows");
        session.accept(new ServerFrame.ToolStart("c1", "m2", "t1", "list_files", "{}", "gateway"));
        session.accept(new ServerFrame.ToolEnd("c1", "t1", "list_files", false, "README.md", Duration.ofMillis(3)));
        session.accept(new ServerFrame.MessageStart("c1", "m4", "openai", "gpt-4o"));
        session.accept(new ServerFrame.MessageDelta("c1", "m4", ServerFrame.DeltaKind.TOOL_CALL, "{}", 0, "t2",
                "read_file"));
        session.accept(step("c1", "m4", new Usage(20, 3, 0), true));
        session.accept(new ServerFrame.MessageStart("c1", "m6", "openai", "gpt-4o"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "It is a readme."));
        assertFalse(future.isDone());
        session.accept(step("c1", "m6", new Usage(30, 4, 0), false));

        Reply reply = future.join();
        assertEquals("Let me look.\nIt is a readme.", reply.text());
        assertEquals(List.of(new ToolCall("t1", "list_files", "{}"), new ToolCall("t2", "read_file", "{}")),
                reply.toolCalls(), "each step's calls, though each counts from 0");
        assertEquals(new Usage(60, 9, 1), reply.usage());
        assertEquals(new Timing(Duration.ofMillis(42), Duration.ofMillis(4500)), reply.timing(),
                "the first token of the first message; the time of all three");
        assertEquals("m6", reply.messageId());
        assertEquals("end_turn", reply.stopReason());
        assertFalse(reply.isPartial());
        assertEquals(1, events.stream().filter(e -> e.startsWith("end ")).count(), events.toString());
    }

    @Test
    void theStepLimitBeforeTheLastMessageEndEndsTheExchangeWithThatError() {
        CompletableFuture<Reply> future = session.send("loop forever");
        reply(future, "r1", "c1");
        CompletableFuture<Reply> second = session.send("again");
        session.accept(new ServerFrame.MessageStored("c1", "m3", "r2"));
        session.accept(new ServerFrame.MessageStart("c1", "m4", "simulator", "sim-echo"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "Once more."));
        session.accept(step("c1", "m4", new Usage(5, 1, 0), true));
        assertFalse(second.isDone());
        session.accept(new ServerFrame.MessageStart("c1", "m5", "simulator", "sim-echo"));
        GatewayError limit = new GatewayError("tool_step_limit", "the agent may take 20 tool steps");
        session.accept(new ServerFrame.Error(limit, "r2", "c1"));
        assertFalse(second.isDone(), "the exchange ends at its last message:end");
        session.accept(new ServerFrame.MessageEnd("c1", "m5", "complete", "tool_use", "openai", "gpt-4o",
                new Usage(5, 1, 0), Timing.NONE, null, false));

        Reply stopped = second.join();
        assertTrue(stopped.isPartial());
        assertEquals(limit, stopped.error());
        assertEquals("Once more.", stopped.text());
        assertEquals("tool_use", stopped.stopReason());
        assertEquals("end r2 partial", events.getLast());

        session.accept(new ServerFrame.Error(limit, null, "c1"));
        assertEquals("error tool_step_limit", events.getLast(), "with no exchange left it is only said");
    }

    @Test
    void toolCallsRunOnlyForOfferedToolsAndAreAnsweredWithTheirResults() {
        List<String> ran = new ArrayList<>();
        List<ToolSpec> specs = List.of(new ToolSpec("read_file", "reads", new ObjectMapper().createObjectNode()
                .put("type", "object")));
        ChatSession withTools = new ChatSession(new ChatSession.Events() {}, new ChatSession.Tools() {
            @Override
            public List<ToolSpec> specs() {
                return specs;
            }

            @Override
            public ToolOutput run(String name, String arguments) {
                ran.add(name + " " + arguments);
                if (arguments.contains("boom")) {
                    throw new IllegalStateException("boom");
                }
                return ToolOutput.ok(arguments.contains("huge") ? "x".repeat(65536) : "# Mosaic");
            }
        }, Runnable::run);
        withTools.attach(new ChatSession.Transport() {
            @Override
            public CompletableFuture<Void> send(ClientFrame frame) {
                sent.add(frame);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
                withTools.closed(new CloseReason(CloseReason.NORMAL, "closed by the client"));
            }
        });
        withTools.accept(new ServerFrame.Ready(1, "u1", 65536));
        withTools.offerTools();
        assertEquals(List.of(new ClientFrame.OfferTools(specs), new ClientFrame.Ping()), sent);
        withTools.accept(new ServerFrame.ToolsOffered(List.of("read_file"), List.of()));
        withTools.accept(new ServerFrame.Pong());
        sent.clear();

        withTools.accept(new ServerFrame.ToolRequest("c1", "t1", "read_file", "{\"path\":\"README.md\"}"));
        withTools.accept(new ServerFrame.ToolRequest("c1", "t2", "write_file", "{}"));
        withTools.accept(new ServerFrame.ToolRequest("c1", "t3", "read_file", "{\"path\":\"boom\"}"));
        withTools.accept(new ServerFrame.ToolRequest("c1", "t4", "read_file", "{\"path\":\"huge\"}"));

        assertEquals(List.of("read_file {\"path\":\"README.md\"}", "read_file {\"path\":\"boom\"}",
                "read_file {\"path\":\"huge\"}"), ran);
        assertEquals(List.of(new ClientFrame.ToolAnswer("t1", "# Mosaic", false), new ClientFrame.Ping(),
                new ClientFrame.ToolAnswer("t2", "this client did not offer a tool named write_file", true),
                new ClientFrame.Ping(),
                new ClientFrame.ToolAnswer("t3", "read_file failed: java.lang.IllegalStateException: boom", true),
                new ClientFrame.Ping(),
                new ClientFrame.ToolAnswer("t4", "the result of read_file is larger than the gateway takes in one frame "
                        + "(65536 bytes); ask for less of it", true),
                new ClientFrame.Ping()), sent);

        // The gateway's unknown_tool_call answers that result, not a command sent meanwhile.
        CompletableFuture<ServerFrame.CommandResult> command = withTools.command("/history");
        withTools.accept(new ServerFrame.Error(new GatewayError("unknown_tool_call", "no such call"), null, null));
        withTools.accept(new ServerFrame.Pong());
        withTools.accept(new ServerFrame.Pong());
        withTools.accept(new ServerFrame.Pong());
        withTools.accept(new ServerFrame.Pong());
        withTools.accept(new ServerFrame.CommandResult("history", "2 messages", Map.of()));
        withTools.accept(new ServerFrame.Pong());
        assertTrue(command.isDone());
        assertEquals("2 messages", command.join().text());
    }

    @Test
    void reportsACompactedContextBeforeTheReplyItPrecedes() {
        CompletableFuture<Reply> future = session.send("one more");
        session.accept(new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "configured", false, 8192));
        session.accept(new ServerFrame.MessageStored("c1", "m1", "r1"));
        session.accept(new ServerFrame.ContextCompacted("c1", true, 12, 2140, 820, 8192, "gpt-4o-mini",
                "a checkpoint now summarizes the 12 oldest messages"));
        session.accept(new ServerFrame.Pong());
        session.accept(new ServerFrame.MessageStart("c1", "m2", "openai", "gpt-4o"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "Sure."));
        session.accept(end("c1", "complete", "end_turn", null));

        assertEquals("Sure.", future.join().text(), "compaction does not disturb the reply");
        assertEquals(List.of("info c1", "compacted 12", "TEXT Sure.", "end r1 complete"), events);
    }

    @Test
    void eventsThatIgnoreCompactionStillWork() {
        ChatSession.Events before = new ChatSession.Events() {
            @Override
            public void onDelta(ServerFrame.MessageDelta delta) {
                events.add("delta " + delta.text());
            }
        };
        ChatSession quiet = new ChatSession(before, ChatSession.Tools.NONE, Runnable::run);
        quiet.accept(new ServerFrame.ContextCompacted("c1", false, 3, 900, 300, 1000, null, null));
        quiet.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "hi"));
        assertEquals(List.of("delta hi"), events);
    }

    @Test
    void sendsLaterMessagesToTheCurrentConversationUntilANewOneIsAsked() {
        reply(session.send("first"), "r1", "c1");
        session.send("second");
        assertEquals(new ClientFrame.Send("second", "c1", "r2"), sent.get(2));

        session.newConversation();
        assertEquals(Optional.empty(), session.currentConversationId());
        session.send("third");
        assertEquals(new ClientFrame.Send("third", null, "r3"), sent.get(4));
    }

    @Test
    void aPartialReplyCompletesNormallyWithItsError() {
        CompletableFuture<Reply> future = session.send("hello");
        session.accept(new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "configured", false, 128000));
        session.accept(new ServerFrame.MessageStored("c1", "m1", "r1"));
        session.accept(new ServerFrame.MessageStart("c1", "m2", "openai", "gpt-4o"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "Hel"));
        GatewayError timeout = new GatewayError("provider_timeout", "no data for 60 s");
        session.accept(end("c1", "partial", "error", timeout));

        Reply reply = future.join();
        assertTrue(reply.isPartial());
        assertEquals("Hel", reply.text());
        assertEquals(timeout, reply.error());
        assertFalse(events.contains("error provider_timeout"), events::toString);
    }

    @Test
    void anErrorNamingTheRequestFailsThatReplyOnly() {
        reply(session.send("first"), "r1", "c1");
        CompletableFuture<Reply> refused = session.send("again");
        session.accept(new ServerFrame.Error(new GatewayError("reply_in_progress", "wait for it"), "r2", "c1"));

        GatewayException failure = failure(refused, GatewayException.class);
        assertEquals("reply_in_progress", failure.code());
        assertEquals("wait for it", failure.error().message());
        assertTrue(session.isOpen());
    }

    @Test
    void anErrorInTheMiddleOfAReplyFailsIt() {
        CompletableFuture<Reply> future = session.send("hello");
        session.accept(new ServerFrame.SessionInfo("c1", "openai", "gpt-4o", "configured", false, 128000));
        session.accept(new ServerFrame.MessageStored("c1", "m1", "r1"));
        session.accept(new ServerFrame.MessageStart("c1", "m2", "openai", "gpt-4o"));
        session.accept(new ServerFrame.Error(new GatewayError("internal", "incident 7"), "r1", "c1"));
        assertEquals("internal", failure(future, GatewayException.class).code());
    }

    @Test
    void anErrorWithoutRequestIdAnswersTheSendItFollows() {
        CompletableFuture<Reply> tooLarge = session.send("x".repeat(100));
        session.accept(new ServerFrame.Error(new GatewayError("frame_too_large", "over the limit"), null, null));
        session.accept(new ServerFrame.Pong());
        assertEquals("frame_too_large", failure(tooLarge, GatewayException.class).code());
        assertFalse(events.contains("error frame_too_large"));
    }

    @Test
    void repliesInTwoConversationsAreKeptApart() {
        session.open("c1");
        session.accept(history("c1"));
        session.accept(new ServerFrame.Pong());
        CompletableFuture<Reply> inC1 = session.send("one");
        session.newConversation();
        CompletableFuture<Reply> inNew = session.send("two");

        // The gateway writes both replies at once; session:info arrives before the request is named.
        session.accept(new ServerFrame.SessionInfo("c1", "p", "m", "r", false, 1));
        session.accept(new ServerFrame.SessionInfo("c2", "p", "m", "r", true, 1));
        session.accept(new ServerFrame.MessageStored("c2", "m3", "r2"));
        session.accept(new ServerFrame.MessageStored("c1", "m4", "r1"));
        session.accept(new ServerFrame.MessageStart("c2", "m5", "p", "m"));
        session.accept(new ServerFrame.MessageStart("c1", "m6", "p", "m"));
        session.accept(delta("c2", ServerFrame.DeltaKind.TEXT, "two"));
        session.accept(delta("c1", ServerFrame.DeltaKind.TEXT, "one"));
        session.accept(end("c1", "complete", "end_turn", null));
        session.accept(end("c2", "complete", "end_turn", null));

        assertEquals("one", inC1.join().text());
        assertFalse(inC1.join().simulated());
        assertEquals("c2", inNew.join().conversationId());
        assertEquals("two", inNew.join().text());
        assertTrue(inNew.join().simulated());
    }

    @Test
    void openReturnsTheHistoryAndMakesItTheCurrentConversation() {
        CompletableFuture<ServerFrame.History> future = session.open("c7");
        assertEquals(List.of(new ClientFrame.Open("c7"), new ClientFrame.Ping()), sent);
        session.accept(history("c7"));
        session.accept(new ServerFrame.Pong());

        assertEquals("hello", future.join().messages().getFirst().text());
        assertEquals(Optional.of("c7"), session.currentConversationId());
        session.send("more");
        assertEquals(new ClientFrame.Send("more", "c7", "r1"), sent.get(2));
    }

    @Test
    void openingAnUnknownConversationFailsAndKeepsTheCurrentOne() {
        reply(session.send("first"), "r1", "c1");
        CompletableFuture<ServerFrame.History> future = session.open("nope");
        session.accept(new ServerFrame.Error(new GatewayError("invalid_input", "not a valid id"), null, null));
        session.accept(new ServerFrame.Pong());

        assertEquals("invalid_input", failure(future, GatewayException.class).code());
        assertEquals(Optional.of("c1"), session.currentConversationId());
    }

    @Test
    void inlineAnswersGoToTheirRequestsInOrder() {
        CompletableFuture<ServerFrame.CommandResult> model = session.command("/model");
        CompletableFuture<ServerFrame.History> missing = session.open("c404");
        CompletableFuture<ServerFrame.CommandResult> bogus = session.command("/bogus");
        CompletableFuture<Void> ping = session.ping();
        assertEquals(List.of(new ClientFrame.Command("/model", null), new ClientFrame.Ping(), new ClientFrame.Open("c404"),
                new ClientFrame.Ping(), new ClientFrame.Command("/bogus", null), new ClientFrame.Ping(),
                new ClientFrame.Ping()), sent);

        session.accept(new ServerFrame.CommandResult("model", "simulator/sim-echo", Map.of("simulated", true)));
        session.accept(new ServerFrame.Pong());
        session.accept(new ServerFrame.Error(new GatewayError("not_found", "no conversation"), null, "c404"));
        session.accept(new ServerFrame.Pong());
        assertFalse(bogus.isDone());
        session.accept(new ServerFrame.Error(new GatewayError("unknown_command", "try /help"), null, null));
        session.accept(new ServerFrame.Pong());
        assertFalse(ping.isDone());
        session.accept(new ServerFrame.Pong());

        assertEquals(Map.of("simulated", true), model.join().data());
        assertEquals("not_found", failure(missing, GatewayException.class).code());
        assertEquals("unknown_command", failure(bogus, GatewayException.class).code());
        assertTrue(ping.isDone());
        assertFalse(events.stream().anyMatch(e -> e.startsWith("error")), events::toString);
    }

    @Test
    void commandsRunInTheCurrentConversation() {
        reply(session.send("first"), "r1", "c1");
        session.command("/history");
        assertEquals(new ClientFrame.Command("/history", "c1"), sent.get(2));
    }

    @Test
    void aRequestTheGatewayDoesNotAnswerFailsAtThePong() {
        CompletableFuture<ServerFrame.History> future = session.open("c1");
        session.accept(new ServerFrame.Pong());
        assertInstanceOf(IllegalStateException.class, failure(future, RuntimeException.class));
    }

    @Test
    void abortWaitsForTheReplyToStartThenAbortsItsConversation() {
        CompletableFuture<Reply> future = session.send("long story");
        CompletableFuture<Void> abort = session.abort();
        assertEquals(2, sent.size(), "nothing to abort yet: the gateway may not have registered the reply");

        session.accept(new ServerFrame.SessionInfo("c1", "p", "m", "r", false, 1));
        session.accept(new ServerFrame.MessageStored("c1", "m1", "r1"));
        session.accept(new ServerFrame.Pong());
        assertEquals(2, sent.size());
        session.accept(new ServerFrame.MessageStart("c1", "m2", "p", "m"));
        assertEquals(List.of(new ClientFrame.Abort("c1"), new ClientFrame.Ping()), sent.subList(2, 4));
        assertFalse(abort.isDone());
        session.accept(new ServerFrame.Pong());
        assertTrue(abort.isDone() && !abort.isCompletedExceptionally());

        session.accept(end("c1", "partial", "aborted", new GatewayError("aborted", "stopped")));
        assertEquals("aborted", future.join().stopReason());
    }

    @Test
    void abortingAStartedReplySendsTheAbortAtOnce() {
        reply(session.send("first"), "r1", "c1");
        session.send("second");
        session.accept(new ServerFrame.SessionInfo("c1", "p", "m", "r", false, 1));
        session.accept(new ServerFrame.MessageStored("c1", "m3", "r2"));
        session.accept(new ServerFrame.Pong());
        session.accept(new ServerFrame.MessageStart("c1", "m4", "p", "m"));
        int before = sent.size();
        CompletableFuture<Void> abort = session.abort();
        assertEquals(List.of(new ClientFrame.Abort("c1"), new ClientFrame.Ping()), sent.subList(before, sent.size()));
        session.accept(new ServerFrame.Error(new GatewayError("no_reply_in_progress", "too late"), null, "c1"));
        session.accept(new ServerFrame.Pong());
        assertEquals("no_reply_in_progress", failure(abort, GatewayException.class).code());
    }

    @Test
    void abortWithoutAReplyTargetsTheCurrentConversationOrFails() {
        GatewayException nothing = failure(session.abort(), GatewayException.class);
        assertEquals("no_reply_in_progress", nothing.code());
        assertTrue(sent.isEmpty());

        reply(session.send("first"), "r1", "c1");
        session.abort();
        assertEquals(new ClientFrame.Abort("c1"), sent.get(2));
    }

    @Test
    void aDeferredAbortOfAReplyThatNeverStartedSucceeds() {
        CompletableFuture<Reply> future = session.send("hello");
        CompletableFuture<Void> abort = session.abort();
        session.accept(new ServerFrame.Error(new GatewayError("not_found", "gone"), "r1", null));
        assertEquals("not_found", failure(future, GatewayException.class).code());
        assertTrue(abort.isDone() && !abort.isCompletedExceptionally());
    }

    @Test
    void aLostConnectionFailsEverythingStillWaiting() {
        CompletableFuture<Reply> reply = session.send("hello");
        CompletableFuture<Void> abort = session.abort();
        CompletableFuture<ServerFrame.History> history = session.open("c1");
        CompletableFuture<ServerFrame.CommandResult> command = session.command("/model");

        session.closed(new CloseReason(CloseReason.POLICY_VIOLATION, "token_revoked"));

        for (CompletableFuture<?> future : List.of(reply, abort, history, command)) {
            ConnectionClosedException failure = failure(future, ConnectionClosedException.class);
            assertEquals(new CloseReason(1008, "token_revoked"), failure.closeReason());
        }
        assertFalse(session.isOpen());
        assertEquals(List.of("closed 1008"), events);
        int sentBefore = sent.size();
        assertInstanceOf(ConnectionClosedException.class, failure(session.send("more"), RuntimeException.class));
        assertInstanceOf(ConnectionClosedException.class, failure(session.command("/model"), RuntimeException.class));
        assertEquals(sentBefore, sent.size());

        session.closed(new CloseReason(CloseReason.ABNORMAL, "again"));
        assertEquals(List.of("closed 1008"), events, "closed is reported once");
    }

    @Test
    void closingClosesTheTransport() {
        session.close();
        assertTrue(transportClosed);
        assertFalse(session.isOpen());
    }

    @Test
    void aFrameThatCannotBeWrittenGivesTheConnectionUp() {
        nextSendResult = CompletableFuture.failedFuture(new IOException("broken pipe"));
        CompletableFuture<Reply> reply = session.send("hello");
        assertTrue(transportClosed);
        assertInstanceOf(ConnectionClosedException.class, failure(reply, RuntimeException.class));
    }

    @Test
    void aConnectionThatFailsInTheMiddleOfAnAbortFailsEverythingOnce() {
        CompletableFuture<Reply> one = session.send("one");
        session.newConversation();
        CompletableFuture<Reply> two = session.send("two");
        for (String[] started : new String[][] {{"c1", "r1"}, {"c2", "r2"}}) {
            session.accept(new ServerFrame.MessageStored(started[0], "u", started[1]));
            session.accept(new ServerFrame.Pong());
            session.accept(new ServerFrame.MessageStart(started[0], "a", "p", "m"));
        }
        // The transport fails the first abort at once, as the JDK does once its output is closed.
        nextSendResult = CompletableFuture.failedFuture(new IOException("output closed"));

        CompletableFuture<Void> abort = session.abort();

        assertTrue(transportClosed);
        for (CompletableFuture<?> future : List.of(one, two, abort)) {
            assertInstanceOf(ConnectionClosedException.class, failure(future, RuntimeException.class));
        }
        assertEquals(List.of("closed 1000"), events);
    }

    @Test
    void errorsNobodyWaitsForGoToTheListener() {
        session.accept(new ServerFrame.Error(new GatewayError("token_expired", "expired"), null, null));
        session.accept(new ServerFrame.Error(new GatewayError("internal", "late"), "r99", null));
        assertEquals(List.of("error token_expired", "error internal"), events);
    }

    @Test
    void unknownAndMalformedFramesChangeNothing() {
        CompletableFuture<ServerFrame.History> future = session.open("c1");
        session.accept(new ServerFrame.Unknown("presence", null));
        session.accept(new ServerFrame.Malformed("{", "not JSON"));
        session.accept(new ServerFrame.CommandResult("stray", "not for open", Map.of()));
        session.accept(history("c1"));
        session.accept(new ServerFrame.Pong());
        assertEquals("c1", future.join().conversationId());
        assertTrue(events.isEmpty(), events::toString);
    }

    @Test
    void exposesTheReadyFrame() {
        assertEquals(new ServerFrame.Ready(1, "u1", 65536), session.ready());
    }

    private void reply(CompletableFuture<Reply> future, String requestId, String conversation) {
        session.accept(new ServerFrame.SessionInfo(conversation, "p", "m", "r", false, 1));
        session.accept(new ServerFrame.MessageStored(conversation, "u-" + requestId, requestId));
        session.accept(new ServerFrame.Pong());
        session.accept(new ServerFrame.MessageStart(conversation, "a-" + requestId, "p", "m"));
        session.accept(end(conversation, "complete", "end_turn", null));
        future.join();
    }

    private static ServerFrame.MessageDelta delta(String conversation, ServerFrame.DeltaKind kind, String text) {
        return new ServerFrame.MessageDelta(conversation, "m2", kind, text, 0, null, null);
    }

    private static ServerFrame.MessageEnd end(String conversation, String status, String stopReason, GatewayError error) {
        return new ServerFrame.MessageEnd(conversation, "m2", status, stopReason, "simulator", "sim-echo",
                new Usage(12, 3, 0), new Timing(Duration.ofMillis(42), Duration.ofMillis(1500)), error, false);
    }

    private static ServerFrame.MessageEnd step(String conversation, String messageId, Usage usage, boolean continues) {
        return new ServerFrame.MessageEnd(conversation, messageId, "complete", continues ? "tool_use" : "end_turn",
                "openai", "gpt-4o", usage, new Timing(Duration.ofMillis(42), Duration.ofMillis(1500)), null, continues);
    }

    private static ServerFrame.History history(String conversation) {
        return new ServerFrame.History(conversation, "Greetings", false, List.of(new StoredMessage("m1", "user",
                "complete", null, "hello", "", List.of(), List.of(), null, null, null, Usage.NONE, Timing.NONE, null)));
    }

    private static <T extends Throwable> T failure(CompletableFuture<?> future, Class<T> type) {
        assertTrue(future.isDone(), "the future is still waiting");
        CompletionException thrown = assertThrows(CompletionException.class, future::join);
        return assertInstanceOf(type, thrown.getCause());
    }
}
