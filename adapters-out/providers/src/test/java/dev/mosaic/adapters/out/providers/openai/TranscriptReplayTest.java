package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.TextDelta;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.ThinkingDelta;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.ToolCallDelta;
import dev.mosaic.application.port.out.provider.ChatStreamEvent.ToolCallStarted;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.conversation.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every recorded Chat Completions stream, served over a real HTTP connection. */
class TranscriptReplayTest extends MockServerTest {

    /** The transcripts replayed below; a new one in the reference directory must be added here. */
    private static final Set<String> REPLAYED = Set.of(
            "openai-chat-stream-text.sse", "openai-chat-stream-tools.sse", "openai-chat-stream-midstream-error.sse",
            "openrouter-chat-stream.sse", "openrouter-error-midstream.sse", "zai-chat-stream.sse",
            "ollama-openai-chat-stream.sse");

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private ProviderReply replay(String transcript) {
        return replay(transcript, adapter(server.url("/v1").uri()));
    }

    private ProviderReply replay(String transcript, OpenAiChatCompletionsAdapter adapter) {
        server.enqueue(sse(ReferenceFiles.text(transcript)));
        return adapter.stream(ask("hi"), recorder, noCancel());
    }

    private OpenAiChatCompletionsAdapter openRouter() {
        return new OpenAiChatCompletionsAdapter(OpenAiChatConfig.of("openrouter", server.url("/api/v1").uri(),
                Secret.ofNullable("sk-or-v1-0123456789abcdef")), ProviderFixtures.CLIENT);
    }

    @Test
    void everyChatCompletionsTranscriptIsReplayed() {
        assertEquals(new TreeSet<>(REPLAYED), ReferenceFiles.names("openai-chat-stream-*.sse", "openrouter-*.sse", "zai-*.sse",
                "ollama-openai-*.sse"));
    }

    @Test
    void openAiTextStream() {
        ProviderReply reply = replay("openai-chat-stream-text.sse");

        String text = "I'm unable to provide real-time weather updates. To get the current weather in San Francisco,"
                + " I recommend checking a reliable weather website or a weather app.";
        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text(text)), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(14, 30, 0), reply.usage());
        assertEquals("gpt-4o-2024-08-06", reply.model());
        // The opening chunk's empty content is not an event; each of the 30 pieces is.
        assertEquals(30, recorder.events.size());
        assertEquals(List.of("I'm", " unable", " to", " provide", " real"), recorder.textDeltas().subList(0, 5));
        assertEquals(text, recorder.text());
    }

    @Test
    void openAiToolCallStream() {
        ProviderReply reply = replay("openai-chat-stream-tools.sse");

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.ToolCall("call_4XzlGBLtUe9dy3GVNV4jhq7h", "get_weather",
                "{\"city\":\"New York City\"}")), reply.content());
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(new Usage(44, 16, 0), reply.usage());
        assertEquals(List.<ChatStreamEvent>of(
                new ToolCallStarted(0, "call_4XzlGBLtUe9dy3GVNV4jhq7h", "get_weather"),
                new ToolCallDelta(0, "{\""),
                new ToolCallDelta(0, "city"),
                new ToolCallDelta(0, "\":\""),
                new ToolCallDelta(0, "New"),
                new ToolCallDelta(0, " York"),
                new ToolCallDelta(0, " City"),
                new ToolCallDelta(0, "\"}")), recorder.events);
    }

    @Test
    void openAiMidStreamErrorKeepsThePartialText() {
        ProviderReply reply = replay("openai-chat-stream-midstream-error.sse");

        assertEquals(List.of(new ContentBlock.Text("I'm")), reply.content());
        assertEquals(StopReason.ERROR, reply.stopReason());
        assertEquals("gpt-4o-2024-08-06", reply.model());
        ProviderError error = reply.error();
        assertEquals(ProviderError.Kind.UNAVAILABLE, error.kind());
        assertEquals("openai failed in the middle of the reply: The server had an error while processing your request."
                + " Sorry about that! (server_error)", error.message());
        assertTrue(error.retryable());
        assertEquals(0, error.httpStatus());
        assertEquals(List.of(new TextDelta("I'm")), recorder.events);
    }

    @Test
    void openRouterStreamSkipsKeepAliveCommentsAndKeepsTheStopAfterTheUsageChunk() {
        ProviderReply reply = replay("openrouter-chat-stream.sse", openRouter());

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("TypeScript enhances JavaScript development.")), reply.content());
        // The usage chunk repeats the choice with finish_reason null; that must not undo the earlier "stop".
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(29, 33, 0), reply.usage());
        assertEquals("openai/gpt-4o-mini", reply.model());
        assertEquals(List.of("TypeScript", " enhances", " JavaScript", " development."), recorder.textDeltas());
        assertEquals(4, recorder.events.size());
    }

    @Test
    void openRouterReportsWhatTheReplyCostInItsUsageChunk() {
        assertEquals(new BigDecimal("0.00002415"), replay("openrouter-chat-stream.sse", openRouter()).reportedCostUsd());
    }

    @Test
    void aCostFieldFromAnyOtherVendorIsNotTakenForDollars() {
        assertNull(replay("openrouter-chat-stream.sse").reportedCostUsd());
        assertNull(replay("openai-chat-stream-text.sse", openRouter()).reportedCostUsd(), "no cost reported, none made up");
    }

    @Test
    void openRouterMidStreamErrorCarriesTheProvidersMessage() {
        ProviderReply reply = replay("openrouter-error-midstream.sse");

        assertEquals(List.of(new ContentBlock.Text("TypeScript")), reply.content());
        assertEquals(ProviderError.Kind.UNAVAILABLE, reply.error().kind());
        assertEquals("openai failed in the middle of the reply: Provider disconnected unexpectedly (server_error)",
                reply.error().message());
        assertEquals(StopReason.ERROR, reply.stopReason());
    }

    @Test
    void zaiStreamReasonsFirstThenAnswers() {
        ProviderReply reply = replay("zai-chat-stream.sse");

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Thinking("1. **Analyze the Request**", null),
                new ContentBlock.Text("1\n2\n3\n4\n5")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(13, 115, 0), reply.usage());
        assertEquals("glm-5.1", reply.model());
        List<ChatStreamEvent> expected = new ArrayList<>();
        for (String piece : List.of("1", ".", " **", "Analyze", " the", " Request", "**")) {
            expected.add(new ThinkingDelta(piece));
        }
        for (String piece : List.of("1", "\n2", "\n3", "\n4", "\n5")) {
            expected.add(new TextDelta(piece));
        }
        assertEquals(expected, recorder.events);
    }

    @Test
    void ollamaStreamNamesItsThinkingReasoning() {
        ProviderReply reply = replay("ollama-openai-chat-stream.sse");

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Thinking("The user says hi.", null), new ContentBlock.Text("Hello!")),
                reply.content());
        assertEquals(new Usage(11, 9, 0), reply.usage());
        assertEquals("qwen3", reply.model());
        assertEquals(List.<ChatStreamEvent>of(new ThinkingDelta("The user says hi."), new TextDelta("Hello"),
                new TextDelta("!")), recorder.events);
    }
}
