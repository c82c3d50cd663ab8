package dev.mosaic.adapters.out.providers.anthropic;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.errorBeforeStream;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.recorded;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.API_KEY;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors before the stream: the status, Anthropic's error body (or any body) and the retry headers. */
class HttpErrorMappingTest extends MockServerTest {


    private ProviderError call(MockResponse response) {
        return errorBeforeStream(server, adapter(server.url("/").uri()), ask("hi"), response);
    }

    private ProviderError call(int status, String type, String message) {
        return call(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(anthropicError(type, message)).build());
    }

    private static String anthropicError(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
                + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
    }

    @Test
    void anInvalidKeyIsAnAuthenticationErrorNotWorthRetrying() {
        ProviderError error = call(recorded(ReferenceFiles.json("anthropic-error-401.json")));

        assertEquals(Kind.AUTHENTICATION, error.kind());
        assertEquals(401, error.httpStatus());
        assertFalse(error.retryable());
        assertNull(error.retryAfter());
        assertEquals("anthropic answered HTTP 401 (authentication_error): invalid x-api-key", error.message());
    }

    @Test
    void notFoundNamesTheUrlAndTheModel() {
        MockResponse notFound = new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                .body(ReferenceFiles.text("anthropic-error-404-doc.json")).build();

        ProviderError error = call(notFound);

        assertEquals(Kind.BAD_REQUEST, error.kind());
        assertFalse(error.retryable());
        assertEquals("anthropic answered HTTP 404 (not_found_error) for " + server.url("/v1/messages")
                + ": The requested resource could not be found. (model 'claude-sonnet-4-5')", error.message());
    }

    @Test
    void aRateLimitIsRetryableAfterTheAdvertisedDelay() {
        ProviderError error = call(recorded(ReferenceFiles.json("anthropic-error-429.json")));

        assertEquals(Kind.RATE_LIMITED, error.kind());
        assertEquals(429, error.httpStatus());
        assertTrue(error.retryable());
        assertEquals(Duration.ofSeconds(17), error.retryAfter());
        assertTrue(error.message().startsWith("anthropic answered HTTP 429 (rate_limit_error): This request would exceed your"
                + " organization's rate limit"), error.message());
    }

    @Test
    void aRateLimitWithoutRetryAfterAsRecordedForRealIsStillRetryable() {
        ObjectNode recorded = ReferenceFiles.json("anthropic-error-429.json").deepCopy();
        ((ObjectNode) recorded.get("headers")).remove("retry-after");

        ProviderError error = call(recorded(recorded));

        assertTrue(error.retryable());
        assertNull(error.retryAfter());
    }

    @Test
    void overloadedIsRetryable() {
        ProviderError error = call(recorded(ReferenceFiles.json("anthropic-error-529.json")));

        assertEquals(Kind.OVERLOADED, error.kind());
        assertEquals(529, error.httpStatus());
        assertTrue(error.retryable());
        assertEquals("anthropic answered HTTP 529 (overloaded_error): Overloaded", error.message());
    }

    @ParameterizedTest
    @CsvSource({
            "400, invalid_request_error, BAD_REQUEST, false", "403, permission_error, AUTHENTICATION, false",
            "404, not_found_error, BAD_REQUEST, false", "413, request_too_large, CONTEXT_TOO_LONG, false",
            "429, rate_limit_error, RATE_LIMITED, true", "500, api_error, UNAVAILABLE, true",
            "504, timeout_error, UNAVAILABLE, true", "529, overloaded_error, OVERLOADED, true"})
    void statusesMapToKinds(int status, String type, Kind kind, boolean retryable) {
        ProviderError error = call(status, type, "something went wrong");

        assertEquals(kind, error.kind());
        assertEquals(retryable, error.retryable());
        assertEquals(status, error.httpStatus());
        assertTrue(error.message().startsWith("anthropic answered HTTP " + status + " (" + type + ")"), error.message());
    }

    @Test
    void aPromptTooLongIsReportedAsSuch() {
        ProviderError error = call(400, "invalid_request_error", "prompt is too long: 215343 tokens > 200000 maximum");

        assertEquals(Kind.CONTEXT_TOO_LONG, error.kind());
        assertFalse(error.retryable());
        assertEquals("anthropic answered HTTP 400 (invalid_request_error): prompt is too long: 215343 tokens > 200000 maximum",
                error.message());
    }

    @Test
    void aRequestTooLargeForTheProxyInFrontIsQuotedShortly() {
        ProviderError error = call(new MockResponse.Builder().code(413).addHeader("Content-Type", "text/html")
                .body("<html>\n<head><title>413 Request Entity Too Large</title></head>\n<body>" + "x".repeat(1000)
                        + "</body></html>").build());

        assertEquals(Kind.CONTEXT_TOO_LONG, error.kind());
        assertTrue(error.message().startsWith("anthropic answered HTTP 413: <html> <head><title>413 Request Entity Too Large"),
                error.message());
        assertTrue(error.message().length() < 400, "the body is cut short");
    }

    @Test
    void runningOutOfCreditIsNotWorthRetrying() {
        ProviderError error = call(402, "billing_error", "Your credit balance is too low.");

        assertEquals(Kind.RATE_LIMITED, error.kind());
        assertFalse(error.retryable());
    }

    @Test
    void theRetryHeadersOfTheSdkAreHonoured() {
        ProviderError millis = call(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500")
                .addHeader("retry-after", "9").body(anthropicError("rate_limit_error", "slow down")).build());
        ProviderError noRetry = call(new MockResponse.Builder().code(500).addHeader("x-should-retry", "false")
                .body(anthropicError("api_error", "boom")).build());
        ProviderError retry = call(new MockResponse.Builder().code(400).addHeader("x-should-retry", "true")
                .body(anthropicError("invalid_request_error", "try again")).build());

        assertEquals(Duration.ofMillis(1500), millis.retryAfter());
        assertFalse(noRetry.retryable());
        assertTrue(retry.retryable());
    }

    @Test
    void neitherTheKeyNorTheOAuthTokenEverAppearsInAMessage() {
        String token = "sk-ant-oat01-test-abcdefghijklmnop";
        AnthropicMessagesAdapter withBoth = new AnthropicMessagesAdapter(
                Fixtures.config(server.url("/").uri()).withOAuthToken(Secret.ofNullable(token), null), CLIENT);
        String echo = anthropicError("authentication_error", "bad credentials " + API_KEY + " and " + token);

        ProviderError error = errorBeforeStream(server, withBoth, ask("hi"),
                new MockResponse.Builder().code(401).body(echo).build());

        assertFalse(error.message().contains(API_KEY), error.message());
        assertFalse(error.message().contains(token), error.message());
        assertTrue(error.message().endsWith("bad credentials " + Secret.ofNullable(API_KEY).masked() + " and "
                + Secret.ofNullable(token).masked()), error.message());
    }
}
