package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatStreamListener;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * One streaming call. OkHttp delivers the events on its own thread, one at a time; the calling
 * thread waits and meanwhile enforces the first-byte and idle timeouts. Whoever ends the call first
 * (the stream, a timeout, or a cancellation) decides the reply; later callbacks are ignored, so
 * the listener never hears of a delta after the reply was returned.
 */
final class StreamCall extends EventSourceListener {
    private static final ObjectReader CHUNKS = new ObjectMapper().readerFor(JsonNode.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final OpenAiChatConfig config;
    private final ChatCompletionsErrors errors;
    private final ChatCompletionsAssembler assembler;
    private final StreamActivity activity = new StreamActivity();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long startedNanos = System.nanoTime();
    private volatile boolean headersReceived;
    private volatile EventSource source;
    private ProviderReply reply;

    StreamCall(OpenAiChatConfig config, ChatCompletionsErrors errors, String requestedModel, ChatStreamListener listener) {
        this.config = config;
        this.errors = errors;
        this.assembler = new ChatCompletionsAssembler(requestedModel, listener);
    }

    /** Blocks until the reply is complete, failed, timed out or cancelled. */
    ProviderReply run(EventSource.Factory events, Request request, Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            return assembler.fail(aborted());
        }
        source = events.newEventSource(request.newBuilder().tag(StreamActivity.class, activity).build(), this);
        cancellation.onCancel(() -> end(() -> assembler.fail(aborted()), source));
        try {
            awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(() -> assembler.fail(errors.of(ProviderError.Kind.ABORTED,
                    "the reply was stopped: the waiting thread was interrupted")), source);
        }
        return reply;
    }

    /** Wakes when the call ends or the headers arrive (the deadline changes), else at the deadline. */
    private void awaitEnd() throws InterruptedException {
        lock.lock();
        try {
            while (reply == null) {
                long wait = deadline() - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);
                } else {
                    end(this::timedOut, source);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private long deadline() {
        return headersReceived
                ? activity.lastNanos() + config.idleTimeout().toNanos()
                : startedNanos + config.firstByteTimeout().toNanos();
    }

    private ProviderReply timedOut() {
        String message = headersReceived
                ? config.providerId() + " sent nothing for " + describe(config.idleTimeout())
                        + " in the middle of the reply (idle timeout)"
                : config.providerId() + " did not answer within " + describe(config.firstByteTimeout())
                        + " (no response headers from " + config.baseUrl() + "; first-byte timeout)";
        return assembler.fail(errors.timeout(message));
    }

    @Override
    public void onOpen(EventSource eventSource, Response response) {
        activity.touch();
        lock.lock();
        try {
            headersReceived = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
        activity.touch();
        lock.lock();
        try {
            if (reply != null || data.isBlank()) {
                return;
            }
            if (data.strip().equals("[DONE]")) {
                // Let OkHttp read on to the end of the body, so that the connection can be reused.
                end(assembler::complete, null);
                return;
            }
            JsonNode error = null;
            try (MappingIterator<JsonNode> chunks = CHUNKS.readValues(data)) {
                // Normally one chunk; Z.ai has been seen to glue two together in one event.
                while (error == null && chunks.hasNextValue()) {
                    error = assembler.accept(chunks.nextValue());
                }
            } catch (IOException notJson) {
                end(() -> assembler.fail(errors.malformed(config.providerId() + " sent a stream event that is not JSON: "
                        + abbreviate(data))), eventSource);
                return;
            }
            if (error != null) {
                ProviderError inBand = errors.inBand(error);
                end(() -> assembler.fail(inBand), eventSource);
            }
        } catch (Exception e) {
            // The listener (or this adapter) failed on a delta: end the reply rather than lose the error.
            end(() -> assembler.fail(errors.of(ProviderError.Kind.UNKNOWN, "the reply could not be passed on: " + e)),
                    eventSource);
        } finally {
            // A slow listener is not a silent provider: the idle clock restarts once the delta is passed on.
            activity.touch();
            lock.unlock();
        }
    }

    @Override
    public void onClosed(EventSource eventSource) {
        end(() -> assembler.finished() ? assembler.complete()
                : assembler.fail(errors.malformed(config.providerId() + " stream ended early: the response ended"
                        + " before the reply was complete (no finish reason, no [DONE])")), null);
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable failure, Response response) {
        ProviderError error;
        if (response != null && !response.isSuccessful()) {
            // Read the body before taking the lock: a stalled body must not block a timeout or a cancel.
            String body = errorBody(response);
            error = errors.fromHttp(response.code(), response.headers(), body, response.request().url().toString());
        } else if (response != null && failure instanceof IllegalStateException) {
            // okhttp-sse refuses a successful response that is not an event stream.
            error = errors.malformed(config.providerId() + " answered HTTP " + response.code() + " with content type '"
                    + response.header("Content-Type", "none") + "' instead of an event stream");
        } else if (failure != null) {
            error = errors.fromException(failure, headersReceived);
        } else {
            error = errors.of(ProviderError.Kind.UNKNOWN, config.providerId() + " call failed for no stated reason");
        }
        ProviderError reported = error;
        end(() -> assembler.fail(reported), null);
    }

    /**
     * Ends the call with the reply {@code outcome} builds, unless it has already ended.
     *
     * @param stopping the call to cancel because it may still be sending, or null to let it finish
     */
    private void end(Supplier<ProviderReply> outcome, EventSource stopping) {
        lock.lock();
        try {
            if (reply != null) {
                return;
            }
            try {
                reply = outcome.get();
            } catch (RuntimeException e) {
                reply = assembler.fail(errors.of(ProviderError.Kind.UNKNOWN, "the reply could not be assembled: " + e));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (stopping != null) {
            stopping.cancel();
        }
    }

    private ProviderError aborted() {
        return errors.of(ProviderError.Kind.ABORTED, "the reply was stopped before it was complete");
    }

    private static String errorBody(Response response) {
        try {
            return response.peekBody(MAX_ERROR_BODY).string();
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
