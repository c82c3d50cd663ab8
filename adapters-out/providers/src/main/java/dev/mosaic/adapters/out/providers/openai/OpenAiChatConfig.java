package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.adapters.out.providers.ProviderEndpoint;
import dev.mosaic.application.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One OpenAI-protocol endpoint, for Chat Completions and Responses alike.
 *
 * @param providerId the provider's name as users see it, e.g. {@code openai}
 * @param baseUrl the API root that {@code /chat/completions}, {@code /responses} and {@code /models}
 *     are appended to, e.g. {@code https://api.openai.com/v1}
 * @param apiKey sent as a bearer token; null for endpoints without authentication (local Ollama)
 * @param firstByteTimeout how long to wait for the response headers
 * @param idleTimeout the longest silence allowed inside a stream
 * @param extraHeaders sent with every request, e.g. OpenRouter's {@code HTTP-Referer}
 */
public record OpenAiChatConfig(
        String providerId,
        URI baseUrl,
        Secret apiKey,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Map<String, String> extraHeaders) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = ProviderEndpoint.DEFAULT_CONNECT_TIMEOUT;
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = ProviderEndpoint.DEFAULT_FIRST_BYTE_TIMEOUT;
    public static final Duration DEFAULT_IDLE_TIMEOUT = ProviderEndpoint.DEFAULT_IDLE_TIMEOUT;

    public OpenAiChatConfig {
        ProviderEndpoint.requireValid(providerId, baseUrl, connectTimeout, firstByteTimeout, idleTimeout);
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
    }

    /** The usual timeouts (10 s to connect, 60 s for headers, 60 s of silence) and no extra headers. */
    public static OpenAiChatConfig of(String providerId, URI baseUrl, Secret apiKey) {
        return new OpenAiChatConfig(providerId, baseUrl, apiKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_FIRST_BYTE_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, Map.of());
    }

    public OpenAiChatConfig withTimeouts(Duration connect, Duration firstByte, Duration idle) {
        return new OpenAiChatConfig(providerId, baseUrl, apiKey, connect, firstByte, idle, extraHeaders);
    }

    public OpenAiChatConfig withExtraHeaders(Map<String, String> headers) {
        return new OpenAiChatConfig(providerId, baseUrl, apiKey, connectTimeout, firstByteTimeout, idleTimeout, headers);
    }

    ProviderEndpoint endpoint() {
        return new ProviderEndpoint(providerId, baseUrl, connectTimeout, firstByteTimeout, idleTimeout);
    }

    /** Header values are left out too: vendors sometimes want credentials there. */
    @Override
    public String toString() {
        return "OpenAiChatConfig[providerId=" + providerId + ", baseUrl=" + baseUrl + ", apiKey=" + apiKey
                + ", connectTimeout=" + connectTimeout + ", firstByteTimeout=" + firstByteTimeout + ", idleTimeout="
                + idleTimeout + ", extraHeaders=" + extraHeaders.keySet() + "]";
    }
}
