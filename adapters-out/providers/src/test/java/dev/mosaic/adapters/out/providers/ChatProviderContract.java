package dev.mosaic.adapters.out.providers;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ChatStreamEvent;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChatProvider} must do whatever its protocol, over a real HTTP connection:
 * stream and assemble text; report a stream cut short, nonsense, timeouts and unreachable servers
 * as errors that keep the partial reply; honour cancellation; and never throw. Each adapter's test
 * says how its protocol frames a few text pieces.
 */
public abstract class ChatProviderContract extends MockServerTest {

    protected final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();
    private final List<ProviderFixtures.StallingBody> stalling = new ArrayList<>();

    /** The adapter under test, calling {@code baseUrl} with these timeouts (2 s to connect). */
    protected abstract ChatProvider adapter(URI baseUrl, Duration firstByteTimeout, Duration idleTimeout);

    /** Where the adapter's base URL points on the test server, e.g. {@code server.url("/v1")}. */
    protected abstract URI baseUrl();

    /** The content type of the protocol's streams. */
    protected abstract String contentType();

    /** A body streaming these text pieces, then ending the reply properly if {@code complete}. */
    protected abstract String stream(boolean complete, String... textPieces);

    /** One event (or line) of the protocol's framing whose data is the text {@code this is {not json}. */
    protected abstract String notJsonEvent();

    /** Runs before the server closes, which waits for the stalled bodies. */
    @AfterEach
    void releaseStalledBodies() {
        stalling.forEach(ProviderFixtures.StallingBody::release);
    }

    protected ChatProvider adapter() {
        return adapter(baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    protected static ChatRequest ask(String text) {
        return new ChatRequest("test-model", "", List.of(ProviderFixtures.user(text)), 0);
    }

    private ProviderReply replay(String body) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", contentType()).body(body).build());
        return adapter().stream(ask("hi"), recorder, noCancel());
    }

    /** Sends the first pieces of a reply, then stalls. */
    private void enqueueStalling(String... pieces) {
        String full = stream(false, pieces);
        ProviderFixtures.StallingBody body = new ProviderFixtures.StallingBody(full);
        stalling.add(body);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", contentType()).body(body).build());
    }

    @Test
    void textIsStreamedPieceByPieceAndAssembled() {
        ProviderReply reply = replay(stream(true, "Hel", "lo", " there"));

        assertNull(reply.error(), () -> reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hello there")), reply.content());
        assertEquals(StopReason.END_TURN, reply.stopReason());
        assertEquals(List.of("Hel", "lo", " there"), recorder.textDeltas());
    }

    @Test
    void aStreamEndingBeforeItsTerminalMarkerEndedEarlyAndKeepsThePartialReply() {
        String id = adapter().id();
        ProviderReply reply = replay(stream(false, "Hello", " wor"));

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertTrue(reply.error().message().startsWith(id + " stream ended early"), reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hello wor")), reply.content());
        assertEquals(StopReason.ERROR, reply.stopReason());
    }

    @Test
    void anEventThatIsNotJsonFailsTheReplyAndNothingAfterItIsPassedOn() {
        String id = adapter().id();
        String complete = stream(true, "after");
        ProviderReply reply = replay(stream(false, "Hi") + notJsonEvent() + complete);

        assertEquals(Kind.MALFORMED_RESPONSE, reply.error().kind());
        assertEquals(id + " sent a stream event that is not JSON: this is {not json", reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hi")), reply.content());
        assertEquals(List.of("Hi"), recorder.textDeltas());
    }

    @Test
    void noHeadersWithinTheFirstByteTimeoutIsATimeout() {
        server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).code(200)
                .addHeader("Content-Type", contentType()).body(stream(true, "late")).build());
        ChatProvider impatient = adapter(baseUrl(), Duration.ofMillis(300), Duration.ofSeconds(5));

        ProviderReply reply = impatient.stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.TIMEOUT, reply.error().kind());
        assertTrue(reply.error().retryable());
        assertEquals(impatient.id() + " did not answer within 300 ms (no response headers from " + baseUrl()
                + "; first-byte timeout)", reply.error().message());
    }

    @Test
    void silenceInTheMiddleOfAStreamIsAnIdleTimeoutKeepingThePartialReply() {
        enqueueStalling("Hello", " there");
        ChatProvider impatient = adapter(baseUrl(), Duration.ofSeconds(5), Duration.ofMillis(400));

        long started = System.nanoTime();
        ProviderReply reply = impatient.stream(ask("hi"), recorder, noCancel());
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertEquals(Kind.TIMEOUT, reply.error().kind());
        assertEquals(impatient.id() + " sent nothing for 400 ms in the middle of the reply (idle timeout)",
                reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("Hello there")), reply.content());
        assertEquals(StopReason.ERROR, reply.stopReason());
        assertTrue(elapsed >= 400, "gave up after " + elapsed + " ms, before the idle timeout");
    }

    @Test
    void aRefusedConnectionIsUnavailableAndNamesTheUrl() throws IOException {
        URI refusing = ProviderFixtures.refusingBaseUrl(baseUrl().getPath());
        ChatProvider adapter = adapter(refusing, Duration.ofSeconds(5), Duration.ofSeconds(5));

        ProviderReply reply = adapter.stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.UNAVAILABLE, reply.error().kind());
        assertTrue(reply.error().retryable());
        assertTrue(reply.error().message().startsWith("cannot reach " + adapter.id() + " at " + refusing + ": connection refused"),
                reply.error().message());
        assertEquals(StopReason.ERROR, reply.stopReason());
    }

    @Test
    void anUnknownHostNamesTheHost() {
        URI unknown = URI.create("http://mosaic-no-such-host.invalid" + baseUrl().getPath());
        ChatProvider adapter = adapter(unknown, Duration.ofSeconds(5), Duration.ofSeconds(5));

        ProviderReply reply = adapter.stream(ask("hi"), recorder, noCancel());

        assertEquals(Kind.UNAVAILABLE, reply.error().kind());
        assertEquals("cannot reach " + adapter.id() + " at " + unknown + ": unknown host mosaic-no-such-host.invalid",
                reply.error().message());
    }

    @Test
    void cancellingMidStreamAbortsWithThePartialReplyAndNothingReachesTheListenerAfter() {
        enqueueStalling("one", " two", " three");
        Cancellation cancellation = new Cancellation();
        ProviderFixtures.Recorder cancelling = new ProviderFixtures.Recorder(event -> {
            if (event.equals(new ChatStreamEvent.TextDelta(" two"))) {
                cancellation.cancel();
            }
        });

        ProviderReply reply = adapter().stream(ask("hi"), cancelling, cancellation);

        assertEquals(Kind.ABORTED, reply.error().kind());
        assertEquals(StopReason.ABORTED, reply.stopReason());
        assertEquals(List.of(new ContentBlock.Text("one two")), reply.content());
        assertEquals(List.of("one", " two"), cancelling.textDeltas());
    }

    @Test
    void cancellingFromAnotherThreadStopsAStalledStream() {
        enqueueStalling("partial");
        Cancellation cancellation = new Cancellation();
        CountDownLatch firstPiece = new CountDownLatch(1);
        ProviderFixtures.Recorder recording = new ProviderFixtures.Recorder(event -> firstPiece.countDown());
        Thread.ofVirtual().start(() -> {
            try {
                // Counted from the first piece, not from the start: the first call in a cold JVM under
                // load can take longer than the wait to get there, and would be cancelled before it.
                firstPiece.await(10, TimeUnit.SECONDS);
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancellation.cancel();
        });

        ProviderReply reply = adapter().stream(ask("hi"), recording, cancellation);

        // ABORTED, not TIMEOUT: the cancellation decided, not the idle timeout.
        assertEquals(Kind.ABORTED, reply.error().kind());
        assertEquals(List.of(new ContentBlock.Text("partial")), reply.content());
    }

    @Test
    void aCallCancelledBeforeItStartsSendsNothing() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        ProviderReply reply = adapter().stream(ask("hi"), recorder, cancellation);

        assertEquals(Kind.ABORTED, reply.error().kind());
        assertEquals(List.of(), reply.content());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aListenerThatThrowsEndsTheReplyWithoutThrowing() {
        AtomicInteger calls = new AtomicInteger();
        ProviderFixtures.Recorder throwing = new ProviderFixtures.Recorder(event -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("client went away");
            }
        });
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", contentType())
                .body(stream(true, "a", "b", "c")).build());

        ProviderReply reply = adapter().stream(ask("hi"), throwing, noCancel());

        assertEquals(Kind.UNKNOWN, reply.error().kind());
        assertTrue(reply.error().message().contains("client went away"), reply.error().message());
        assertEquals(List.of(new ContentBlock.Text("ab")), reply.content());
        assertEquals(2, calls.get());
    }
}
