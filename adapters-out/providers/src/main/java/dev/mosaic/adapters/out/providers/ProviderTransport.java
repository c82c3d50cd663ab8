package dev.mosaic.adapters.out.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP side of a provider adapter: a client derived from the gateway's shared one with this
 * endpoint's timeouts, streaming calls in either framing a provider uses, and plain JSON calls.
 * Adapters supply the requests, a {@link StreamDecoder} per reply, and the mapping of their error
 * bodies; timeouts, cancellation and connection failures are handled here alike for all.
 */
public final class ProviderTransport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(1);

    private final ProviderEndpoint endpoint;
    private final ProviderErrors errors;
    private final OkHttpClient http;

    /**
     * @param sharedClient the gateway's client, e.g. from {@link ProviderHttpClients#create()}; the
     *     derived client keeps its connection pool and dispatcher
     */
    public ProviderTransport(OkHttpClient sharedClient, ProviderEndpoint endpoint, ProviderErrors errors) {
        this.endpoint = endpoint;
        this.errors = errors;
        this.http = sharedClient.newBuilder()
                .connectTimeout(endpoint.connectTimeout())
                // StreamingCall enforces the first-byte and idle timeouts precisely. The socket timeout is
                // only a backstop just beyond both: it frees a connection that a server keeps open after
                // the reply ended, which OkHttp reads to its end in the background so it can be reused.
                .readTimeout(max(endpoint.firstByteTimeout(), endpoint.idleTimeout()).plus(READ_TIMEOUT_MARGIN))
                .addInterceptor(StreamActivity.TRACKER)
                .build();
    }

    /** {@code path} (one or more segments) under a base URL; a trailing slash on the base is fine. */
    public static HttpUrl url(URI baseUrl, String path) {
        // OkHttp replaces the empty last segment that a trailing slash leaves.
        return HttpUrl.get(baseUrl.toString()).newBuilder().addPathSegments(path).build();
    }

    /** A JSON request body ({@code Content-Type: application/json}, without a charset parameter). */
    public static RequestBody jsonBody(JsonNode body) {
        return RequestBody.create(body.toString().getBytes(StandardCharsets.UTF_8), JSON_TYPE);
    }

    /**
     * Streams a reply sent as server-sent events. Blocks until the reply ends and never throws: a
     * request that cannot even be built fails the reply too.
     */
    public ProviderReply streamEvents(Supplier<Request> request, StreamDecoder decoder,
            Function<HttpFailure, ProviderError> httpErrors, Cancellation cancellation) {
        return stream(Framing.SERVER_SENT_EVENTS, request, decoder, httpErrors, cancellation);
    }

    /** Streams a reply sent as newline-delimited JSON, one object a line; otherwise as {@link #streamEvents}. */
    public ProviderReply streamLines(Supplier<Request> request, StreamDecoder decoder,
            Function<HttpFailure, ProviderError> httpErrors, Cancellation cancellation) {
        return stream(Framing.NDJSON, request, decoder, httpErrors, cancellation);
    }

    /**
     * A plain call answered with JSON, such as a model list, within the first-byte and idle timeouts
     * together.
     *
     * @param what what the body holds, for the message when it is not JSON, e.g. {@code its model list}
     * @throws ProviderCallException when the provider cannot be reached, refuses, or answers nonsense
     */
    public JsonNode fetchJson(Request request, Function<HttpFailure, ProviderError> httpErrors, String what) {
        Call call = http.newCall(request);
        call.timeout().timeout(endpoint.firstByteTimeout().plus(endpoint.idleTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                throw new ProviderCallException(httpErrors.apply(new HttpFailure(response.code(), response.headers(), body,
                        request.url().toString())));
            }
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProviderCallException(errors.malformed(endpoint.providerId() + " sent " + what + " in a form that is not JSON"));
        } catch (IOException e) {
            throw new ProviderCallException(errors.fromException(e, false));
        }
    }

    private ProviderReply stream(Framing framing, Supplier<Request> request, StreamDecoder decoder,
            Function<HttpFailure, ProviderError> httpErrors, Cancellation cancellation) {
        try {
            return new StreamingCall(endpoint, errors, decoder, httpErrors, framing, cancellation).run(http, request.get());
        } catch (RuntimeException e) {
            return decoder.fail(errors.of(ProviderError.Kind.UNKNOWN,
                    "the request to " + endpoint.providerId() + " could not be made: " + e));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
