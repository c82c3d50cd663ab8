package dev.mosaic.adapters.out.providers;

import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One streaming call. OkHttp delivers the response on its own thread, where the body is read and
 * each event handed to the decoder, one at a time; the calling thread waits and meanwhile enforces
 * the first-byte and idle timeouts. Whoever ends the call first (the stream, a timeout, or a
 * cancellation) decides the reply; later callbacks are ignored, so the listener never hears of a
 * delta after the reply was returned. A requested cancellation wins as soon as it is requested, so
 * the aborted reply holds exactly the deltas the listener was given.
 */
final class StreamingCall implements Callback {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_QUOTED_EVENT = 120;

    private final ProviderEndpoint endpoint;
    private final ProviderErrors errors;
    private final StreamDecoder decoder;
    private final Function<HttpFailure, ProviderError> httpErrors;
    private final Framing framing;
    private final Cancellation cancellation;
    private final StreamActivity activity = new StreamActivity();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long startedNanos = System.nanoTime();
    private volatile boolean headersReceived;
    private ProviderReply reply;

    StreamingCall(ProviderEndpoint endpoint, ProviderErrors errors, StreamDecoder decoder,
            Function<HttpFailure, ProviderError> httpErrors, Framing framing, Cancellation cancellation) {
        this.endpoint = endpoint;
        this.errors = errors;
        this.decoder = decoder;
        this.httpErrors = httpErrors;
        this.framing = framing;
        this.cancellation = cancellation;
    }

    /** Blocks until the reply is complete, failed, timed out or cancelled. */
    ProviderReply run(OkHttpClient http, Request request) {
        if (cancellation.isCancelled()) {
            return decoder.fail(aborted());
        }
        Request.Builder tagged = request.newBuilder().tag(StreamActivity.class, activity);
        if (request.header("Accept") == null) {
            tagged.header("Accept", framing.mediaType);
        }
        Call call = http.newCall(tagged.build());
        // Registered before the call starts: the listener may cancel on OkHttp's thread at the first
        // delta, and a cancel that finds nothing registered would let the stream run on meanwhile.
        cancellation.onCancel(() -> end(() -> decoder.fail(aborted()), call));
        if (!ended()) {
            call.enqueue(this);
        }
        try {
            awaitEnd(call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(() -> decoder.fail(errors.of(ProviderError.Kind.ABORTED,
                    "the reply was stopped: the waiting thread was interrupted")), call);
        }
        return reply;
    }

    private boolean ended() {
        lock.lock();
        try {
            return reply != null;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes when the call ends or the headers arrive (the deadline changes), else at the deadline. */
    private void awaitEnd(Call call) throws InterruptedException {
        lock.lock();
        try {
            while (reply == null) {
                long wait = deadline() - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);
                } else {
                    end(this::timedOut, call);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private long deadline() {
        return headersReceived
                ? activity.lastNanos() + endpoint.idleTimeout().toNanos()
                : startedNanos + endpoint.firstByteTimeout().toNanos();
    }

    private ProviderReply timedOut() {
        String message = headersReceived
                ? endpoint.providerId() + " sent nothing for " + describe(endpoint.idleTimeout())
                        + " in the middle of the reply (idle timeout)"
                : endpoint.providerId() + " did not answer within " + describe(endpoint.firstByteTimeout())
                        + " (no response headers from " + endpoint.baseUrl() + "; first-byte timeout)";
        return decoder.fail(errors.timeout(message));
    }

    @Override
    public void onFailure(Call call, IOException failure) {
        end(() -> decoder.fail(errors.fromException(failure, headersReceived)), null);
    }

    @Override
    public void onResponse(Call call, Response response) {
        try (response) {
            if (!response.isSuccessful()) {
                // Read the body before taking the lock: a stalled body must not block a timeout or a cancel.
                HttpFailure failure = new HttpFailure(response.code(), response.headers(), errorBody(response),
                        response.request().url().toString());
                end(() -> decoder.fail(httpErrors.apply(failure)), null);
                return;
            }
            if (framing == Framing.SERVER_SENT_EVENTS && !isEventStream(response.body().contentType())) {
                end(() -> decoder.fail(errors.malformed(endpoint.providerId() + " answered HTTP " + response.code()
                        + " with content type '" + response.header("Content-Type", "none") + "' instead of an event stream")),
                        null);
                return;
            }
            activity.touch();
            lock.lock();
            try {
                headersReceived = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            framing.read(response.body().source(), (type, data) -> received(type, data, call));
            end(decoder::endOfStream, null);
        } catch (IOException e) {
            end(() -> decoder.fail(errors.fromException(e, true)), null);
        }
    }

    private void received(String type, String data, Call call) {
        activity.touch();
        lock.lock();
        try {
            if (reply != null || data.isBlank()) {
                return;
            }
            if (cancellation.isCancelled()) {
                // Cancelled on another thread whose callback has not taken the lock yet: apply nothing more.
                end(() -> decoder.fail(aborted()), call);
                return;
            }
            ProviderReply outcome;
            try {
                outcome = decoder.accept(type, data);
            } catch (IOException notJson) {
                end(() -> decoder.fail(errors.malformed(endpoint.providerId() + " sent a stream event that is not JSON: "
                        + ProviderErrors.excerpt(data, MAX_QUOTED_EVENT))), call);
                return;
            }
            if (outcome != null) {
                // A complete reply lets OkHttp read on to the end of the body, so that the connection can be reused.
                end(() -> outcome, outcome.error() == null ? null : call);
            }
        } catch (Exception e) {
            // The listener (or the decoder) failed on a delta: end the reply rather than lose the error.
            end(() -> decoder.fail(errors.of(ProviderError.Kind.UNKNOWN, "the reply could not be passed on: " + e)), call);
        } finally {
            // A slow listener is not a silent provider: the idle clock restarts once the delta is passed on.
            activity.touch();
            lock.unlock();
        }
    }

    /**
     * Ends the call with the reply {@code outcome} builds, unless it has already ended.
     *
     * @param stopping the call to cancel because it may still be sending, or null to let it finish
     */
    private void end(Supplier<ProviderReply> outcome, Call stopping) {
        lock.lock();
        try {
            if (reply != null) {
                return;
            }
            try {
                // A cancel whose callback is still on its way (cancel() runs it after flipping the flag)
                // already counts: the stream's end, a timeout or a failure racing it must not win.
                reply = cancellation.isCancelled() ? decoder.fail(aborted()) : outcome.get();
            } catch (RuntimeException e) {
                reply = decoder.fail(errors.of(ProviderError.Kind.UNKNOWN, "the reply could not be assembled: " + e));
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

    private static boolean isEventStream(MediaType type) {
        return type != null && type.type().equals("text") && type.subtype().equals("event-stream");
    }

    private static String errorBody(Response response) {
        try {
            return response.peekBody(MAX_ERROR_BODY).string();
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
