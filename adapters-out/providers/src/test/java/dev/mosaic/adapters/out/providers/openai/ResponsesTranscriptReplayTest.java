package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.sse;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.ask;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every recorded Responses stream, served over a real HTTP connection. */
class ResponsesTranscriptReplayTest extends MockServerTest {

    /** The transcripts replayed below; a new one in the reference directory must be added here. */
    private static final Set<String> REPLAYED = Set.of("openai-responses-stream.sse", "openai-responses-stream-function-call.sse",
            "openai-responses-stream-reasoning.sse", "openai-responses-error-event.sse", "openai-responses-failed-event.sse");

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    private ProviderReply replay(String transcript) {
        server.enqueue(sse(ReferenceFiles.text(transcript)));
        return responses(server.url("/v1").uri()).stream(ask("hi"), recorder, noCancel());
    }

    @Test
    void everyResponsesTranscriptIsReplayed() {
        assertEquals(new TreeSet<>(REPLAYED), ReferenceFiles.names("openai-responses-*"));
    }

    @Test
    void textStream() {
        ProviderReply reply = replay("openai-responses-stream.sse");

        List<String> pieces = List.of("In", " a shimmering forest under a sky full of stars,",
                " a lonely unicorn named Lila discovered a hidden pond that glowed with moonlight.",
                " Every night, she would leave sparkling, magical flowers by the water's edge, hoping to share her beauty with others.",
                " One enchanting evening, she woke to find a group of friendly animals gathered around, eager to be friends and"
                        + " share in her magic.");
        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Text(String.join("", pieces))), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(36, 87, 0), reply.usage());
        assertEquals("gpt-4o-2024-08-06", reply.model());
        assertEquals(pieces, recorder.textDeltas());
        assertEquals(pieces.size(), recorder.events.size());
    }

    @Test
    void functionCallStream() {
        ProviderReply reply = replay("openai-responses-stream-function-call.sse");

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.ToolCall("call_1234xyz", "get_weather", "{\"latitude\":48.8566,\"longitude\":2.3522}")),
                reply.content());
        assertEquals(StopReason.TOOL_USE, reply.stopReason());
        assertEquals(new Usage(62, 23, 0), reply.usage());
        assertEquals("gpt-4.1-2025-04-14", reply.model());
        List<ChatStreamEvent> expected = new ArrayList<>();
        expected.add(new ToolCallStarted(0, "call_1234xyz", "get_weather"));
        for (String piece : List.of("{\"", "latitude", "\":", "48", ".", "8566", ",\"", "longitude", "\":", "2", ".", "3522", "}")) {
            expected.add(new ToolCallDelta(0, piece));
        }
        assertEquals(expected, recorder.events);
    }

    @Test
    void reasoningSummaryStreamsAsThinkingBeforeTheAnswer() {
        ProviderReply reply = replay("openai-responses-stream-reasoning.sse");

        assertNull(reply.error());
        assertEquals(List.of(new ContentBlock.Thinking("**Answering greeting**", null), new ContentBlock.Text("Hello! How can I help?")),
                reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(new Usage(1200, 40, 1024), reply.usage());
        assertEquals("gpt-5.1-codex", reply.model());
        assertEquals(List.<ChatStreamEvent>of(new ThinkingDelta("**Answering"), new ThinkingDelta(" greeting**"),
                new TextDelta("Hello!"), new TextDelta(" How can I help?")), recorder.events);
    }

    @Test
    void anErrorEventFailsTheReply() {
        ProviderReply reply = replay("openai-responses-error-event.sse");

        assertEquals(List.of(), reply.content());
        assertEquals(StopReason.ERROR, reply.stopReason());
        assertEquals("gpt-4o", reply.model(), "no event named one, so the one asked for");
        ProviderError error = reply.error();
        assertEquals(ProviderError.Kind.UNKNOWN, error.kind());
        assertEquals("openai failed in the middle of the reply: Something went wrong (ERR_SOMETHING)", error.message());
        assertEquals(0, error.httpStatus());
    }

    @Test
    void aFailedResponseFailsTheReplyWithItsError() {
        ProviderReply reply = replay("openai-responses-failed-event.sse");

        assertEquals(StopReason.ERROR, reply.stopReason());
        assertEquals("gpt-4o-mini-2024-07-18", reply.model());
        ProviderError error = reply.error();
        assertEquals(ProviderError.Kind.UNAVAILABLE, error.kind());
        assertTrue(error.retryable());
        assertEquals("openai failed in the middle of the reply: The model failed to generate a response. (server_error)",
                error.message());
    }
}
