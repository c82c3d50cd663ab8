package dev.mosaic.adapters.out.providers.anthropic;

import dev.mosaic.adapters.out.providers.ProviderEndpoint;
import dev.mosaic.application.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One Anthropic Messages endpoint: Anthropic's own, or a vendor offering the same protocol.
 *
 * @param providerId the provider's name as users see it, e.g. {@code anthropic}
 * @param baseUrl the API root that {@code /v1/messages} and {@code /v1/models} are appended to, e.g.
 *     {@code https://api.anthropic.com}
 * @param apiKey sent as {@code x-api-key}; null when an OAuth token is used, or for an endpoint
 *     without authentication
 * @param oauthToken a Claude subscription's access token, or null; when set it is sent as a bearer
 *     token with the OAuth beta header, and the API key is not sent
 * @param anthropicVersion the {@code anthropic-version} header; null or blank means {@value #DEFAULT_VERSION}
 * @param firstByteTimeout how long to wait for the response headers
 * @param idleTimeout the longest silence allowed inside a stream
 * @param defaultMaxTokens the {@code max_tokens} sent when a request leaves it to the provider (the
 *     API requires one); 0 means {@value #DEFAULT_MAX_TOKENS}
 * @param extraHeaders sent with every request, e.g. more {@code anthropic-beta} features
 * @param systemPreamble sent as the first system block, before the conversation's own system
 *     prompt; the API accepts a Claude subscription's token only for requests that begin so. Null for none
 */
public record AnthropicConfig(
        String providerId,
        URI baseUrl,
        Secret apiKey,
        Secret oauthToken,
        String anthropicVersion,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        int defaultMaxTokens,
        Map<String, String> extraHeaders,
        String systemPreamble) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    public static final String DEFAULT_VERSION = "2023-06-01";
    public static final int DEFAULT_MAX_TOKENS = 8192;

    public AnthropicConfig {
        ProviderEndpoint.requireValid(providerId, baseUrl, connectTimeout, firstByteTimeout, idleTimeout);
        anthropicVersion = anthropicVersion == null || anthropicVersion.isBlank() ? DEFAULT_VERSION : anthropicVersion.strip();
        if (defaultMaxTokens < 0) {
            throw new IllegalArgumentException("defaultMaxTokens cannot be negative, not " + defaultMaxTokens);
        }
        defaultMaxTokens = defaultMaxTokens == 0 ? DEFAULT_MAX_TOKENS : defaultMaxTokens;
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
        systemPreamble = systemPreamble == null || systemPreamble.isBlank() ? null : systemPreamble;
    }

    /** An API key, the usual timeouts (10 s to connect, 60 s for headers, 60 s of silence), and the defaults. */
    public static AnthropicConfig of(String providerId, URI baseUrl, Secret apiKey) {
        return new AnthropicConfig(providerId, baseUrl, apiKey, null, DEFAULT_VERSION, ProviderEndpoint.DEFAULT_CONNECT_TIMEOUT,
                ProviderEndpoint.DEFAULT_FIRST_BYTE_TIMEOUT, ProviderEndpoint.DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_TOKENS, Map.of(),
                null);
    }

    /** Calls with a subscription's token instead of the API key, each request beginning with {@code preamble} (may be null). */
    public AnthropicConfig withOAuthToken(Secret token, String preamble) {
        return new AnthropicConfig(providerId, baseUrl, apiKey, token, anthropicVersion, connectTimeout, firstByteTimeout,
                idleTimeout, defaultMaxTokens, extraHeaders, preamble);
    }

    public AnthropicConfig withTimeouts(Duration connect, Duration firstByte, Duration idle) {
        return new AnthropicConfig(providerId, baseUrl, apiKey, oauthToken, anthropicVersion, connect, firstByte, idle,
                defaultMaxTokens, extraHeaders, systemPreamble);
    }

    public AnthropicConfig withExtraHeaders(Map<String, String> headers) {
        return new AnthropicConfig(providerId, baseUrl, apiKey, oauthToken, anthropicVersion, connectTimeout, firstByteTimeout,
                idleTimeout, defaultMaxTokens, headers, systemPreamble);
    }

    ProviderEndpoint endpoint() {
        return new ProviderEndpoint(providerId, baseUrl, connectTimeout, firstByteTimeout, idleTimeout);
    }

    /** Secrets show masked; header values are left out too, since vendors sometimes want credentials there. */
    @Override
    public String toString() {
        return "AnthropicConfig[providerId=" + providerId + ", baseUrl=" + baseUrl + ", apiKey=" + apiKey + ", oauthToken="
                + oauthToken + ", anthropicVersion=" + anthropicVersion + ", connectTimeout=" + connectTimeout
                + ", firstByteTimeout=" + firstByteTimeout + ", idleTimeout=" + idleTimeout + ", defaultMaxTokens="
                + defaultMaxTokens + ", extraHeaders=" + extraHeaders.keySet() + ", systemPreamble=" + (systemPreamble != null) + "]";
    }
}
