package dev.mosaic.adapters.out.providers.ollama;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.ndjson;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.ollama.Fixtures.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every recorded {@code /api/chat} stream, served over a real HTTP connection. */
class TranscriptReplayTest extends MockServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The streams replayed below. */
    private static final Set<String> REPLAYED = Set.of("ollama-chat-stream.ndjson", "ollama-chat-stream-modern.ndjson",
            "ollama-chat-stream-thinking.ndjson", "ollama-chat-stream-tools.ndjson", "ollama-error-midstream.ndjson");
    /** The other Ollama reference files the tests of this package read. */
    private static final Set<String> USED_ELSEWHERE = Set.of("ollama-errors.json", "ollama-tags.json", "ollama-show.json",
            "ollama-show-nomic-embed-text.json");
    /** Reference files about Ollama that describe what this adapter does not do. */
    private static final Set<String> NOT_FOR_THIS_ADAPTER = Set.of(
            // Embeddings (/api/embed, the older /api/embeddings) belong to the embedding port.
            "ollama-embed.json", "ollama-embed-nomic-embed-text.json", "ollama-embed-nomic-embed-text.request.json",
            "ollama-embeddings-legacy.json",
            // The completion API (/api/generate) has no conversation; the chat API serves the gateway.
            "ollama-generate-stream.ndjson",
            // Ollama's OpenAI-compatible /v1, replayed by the Chat Completions adapter's tests.
            "ollama-openai-chat-stream.sse");

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private ProviderReply replay(String body) {
        server.enqueue(ndjson(body));
        return adapter(server.url("/").uri()).stream(ask("hi"), recorder, noCancel());
    }

    @Test
    void everyOllamaReferenceFileIsUsedOrExplicitlyNotForThisAdapter() {
        Set<String> accounted = new TreeSet<>();
        Stream.of(REPLAYED, USED_ELSEWHERE, NOT_FOR_THIS_ADAPTER).forEach(accounted::addAll);

        assertEquals(accounted, ReferenceFiles.names("ollama-*"));
        assertEquals(new TreeSet<>(REPLAYED), ReferenceFiles.names("ollama-chat-stream*.ndjson", "ollama-error-*.ndjson"));
    }

    @Test
    void theDocumentedStreamWithoutADoneReasonEndsTheTurn() {
        ProviderReply reply = replay(ReferenceFiles.text("ollama-chat-stream.ndjson"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("The sky appears blue.")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(26, 282, 0), reply.usage());
        assertEquals("llama3.2", reply.model());
        assertEquals(List.of("The", " sky", " appears", " blue", "."), recorder.textDeltas());
        assertEquals(5, recorder.events.size());
    }

    @Test
    void aModernStreamWithItsDoneReason() {
        ProviderReply reply = replay(ReferenceFiles.text("ollama-chat-stream-modern.ndjson"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text("The sky is blue.")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(26, 282, 0), reply.usage());
        assertEquals(List.of("The", " sky", " is blue."), recorder.textDeltas());
    }

    @Test
    void aThinkingModelThinksFirstThenAnswers() {
        ProviderReply reply = replay(ReferenceFiles.text("ollama-chat-stream-thinking.ndjson"));

        List<String> thinking = List.of("Okay,", " the user asks", " 17 × 23.", "\n17 × 20 = 340, 17 × 3 = 51,", " total 391.");
        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Thinking(String.join("", thinking), null),
                new ContentBlock.Text("17 × 23 = **391**.")), reply.content());
        assertEquals(new Usage(18, 64, 0), reply.usage());
        assertEquals("qwen3", reply.model());
        List<ChatStreamEvent> expected = new ArrayList<>();
        thinking.forEach(piece -> expected.add(new ThinkingDelta(piece)));
        expected.add(new TextDelta("17 × 23"));
        expected.add(new TextDelta(" = **391**."));
        assertEquals(expected, recorder.events);
    }

    @Test
    void aWholeToolCallWithoutAnIdGetsOneAndItsArgumentsAsJsonText() {
        ProviderReply reply = replay(ReferenceFiles.text("ollama-chat-stream-tools.ndjson"));

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.ToolCall("call_0", "get_weather", "{\"city\":\"Tokyo\"}")), reply.content());
        // Ollama says "stop" after a tool call.
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(new Usage(169, 15, 0), reply.usage());
        assertEquals(List.<ChatStreamEvent>of(new ToolCallStarted(0, "call_0", "get_weather"),
                new ToolCallDelta(0, "{\"city\":\"Tokyo\"}")), recorder.events);
    }

    @Test
    void anErrorLineMidStreamFailsTheReply() {
        // The documented example streams /api/generate lines ("response"), which carry nothing for a chat.
        ProviderReply reply = replay(ReferenceFiles.text("ollama-error-midstream.ndjson"));

        assertEquals(List.of(), reply.content());
        assertEquals(StopReason.ERROR, reply.stopReason());
        assertEquals("gemma4", reply.model());
        ProviderError error = reply.error();
        assertEquals(ProviderError.Kind.UNAVAILABLE, error.kind());
        assertEquals("ollama failed in the middle of the reply: an error was encountered while running the model",
                error.message());
        assertTrue(error.retryable());
        assertEquals(0, error.httpStatus());
    }

    @Test
    void anErrorLineAfterChatLinesKeepsThePartialReply() {
        ProviderReply reply = replay(asChatLines(ReferenceFiles.text("ollama-error-midstream.ndjson")));

        assertEquals(List.of(new ContentBlock.Text(" Yes.Ican")), reply.content());
        assertEquals(List.of(" Yes", ".", "I", "can"), recorder.textDeltas());
        assertEquals(ProviderError.Kind.UNAVAILABLE, reply.error().kind());
        assertEquals(StopReason.ERROR, reply.stopReason());
    }

    /** The same lines as {@code /api/chat} sends them: {@code message.content} instead of {@code response}. */
    private static String asChatLines(String generateLines) {
        return generateLines.lines().map(line -> {
            try {
                ObjectNode object = (ObjectNode) JSON.readTree(line);
                JsonNode response = object.remove("response");
                if (response != null) {
                    object.putObject("message").put("role", "assistant").put("content", response.asText());
                }
                return object.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.joining("\n", "", "\n"));
    }
}
