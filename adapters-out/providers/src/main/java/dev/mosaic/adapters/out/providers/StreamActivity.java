package dev.mosaic.adapters.out.providers;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * When a stream last received any bytes. Keep-alive comments (OpenRouter's
 * {@code : OPENROUTER PROCESSING}) never reach the event listener, yet they prove the provider is
 * alive, so the idle timeout counts bytes rather than events.
 */
final class StreamActivity {
    private volatile long lastNanos = System.nanoTime();

    void touch() {
        lastNanos = System.nanoTime();
    }

    long lastNanos() {
        return lastNanos;
    }

    /** Touches the {@link StreamActivity} tagged on a request whenever its response body yields bytes. */
    static final Interceptor TRACKER = chain -> {
        Response response = chain.proceed(chain.request());
        StreamActivity activity = chain.request().tag(StreamActivity.class);
        return activity == null ? response : response.newBuilder().body(new TrackedBody(response.body(), activity)).build();
    };

    private static final class TrackedBody extends ResponseBody {
        private final ResponseBody delegate;
        private final BufferedSource source;

        TrackedBody(ResponseBody delegate, StreamActivity activity) {
            this.delegate = delegate;
            this.source = Okio.buffer(new ForwardingSource(delegate.source()) {
                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                    long read = super.read(sink, byteCount);
                    if (read > 0) {
                        activity.touch();
                    }
                    return read;
                }
            });
        }

        @Override
        public MediaType contentType() {
            return delegate.contentType();
        }

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public BufferedSource source() {
            return source;
        }
    }
}
