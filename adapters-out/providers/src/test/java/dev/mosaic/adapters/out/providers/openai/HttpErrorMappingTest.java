package dev.mosaic.adapters.out.providers.openai;

import dev.mosaic.testsupport.ReferenceFiles;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.errorBeforeStream;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.recorded;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.API_KEY;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.adapter;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.providers.MockServerTest;
import dev.mosaic.adapters.out.providers.ProviderFixtures;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors before the stream: the status, OpenAI's error body (or any body) and the retry headers. */
class HttpErrorMappingTest extends MockServerTest {


    private ProviderError call(MockResponse response) {
        return errorBeforeStream(server, adapter(server.url("/v1").uri()), ask("hi"), response);
    }

    private ProviderError call(int status, String body) {
        return call(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build());
    }

    private static String openAiError(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
    }

    @Test
    void invalidApiKeyIsAnAuthenticationError() {
        ProviderError error = call(recorded(ReferenceFiles.json("openai-error-401.json")));

        assertEquals(Kind.AUTHENTICATION, error.kind());
        assertEquals(401, error.httpStatus());
        assertFalse(error.retryable());
        assertNull(error.retryAfter());
        assertEquals("openai answered HTTP 401 (invalid_api_key): Incorrect API key provided: sk-abc***xyz. You can find"
                + " your API key at https://platform.openai.com/account/api-keys.", error.message());
    }

    @Test
    void rateLimitIsRetryableAfterTheAdvertisedDelay() {
        ProviderError error = call(recorded(ReferenceFiles.json("openai-error-429.json").path("rate_limit_exceeded")));

        assertEquals(Kind.RATE_LIMITED, error.kind());
        assertEquals(429, error.httpStatus());
        assertTrue(error.retryable());
        assertEquals(Duration.ofSeconds(1), error.retryAfter());
        assertTrue(error.message().startsWith("openai answered HTTP 429 (rate_limit_exceeded): Rate limit reached for gpt-4o"),
                error.message());
    }

    @Test
    void exhaustedQuotaIsRateLimitedButNotRetryable() {
        ProviderError error = call(recorded(ReferenceFiles.json("openai-error-429.json").path("insufficient_quota")));

        assertEquals(Kind.RATE_LIMITED, error.kind());
        assertFalse(error.retryable());
        assertNull(error.retryAfter());
        assertTrue(error.message().contains("(insufficient_quota): You exceeded your current quota"), error.message());
    }

    @Test
    void retryAfterMillisecondsWinsOverSeconds() {
        ProviderError error = call(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500")
                .addHeader("retry-after", "9").body(openAiError("slow down", "requests", "rate_limit_exceeded")).build());

        assertEquals(Duration.ofMillis(1500), error.retryAfter());
    }

    @Test
    void tooLongContextIsReportedAsSuch() {
        ProviderError error = call(400, openAiError("This model's maximum context length is 128000 tokens.",
                "invalid_request_error", "context_length_exceeded"));

        assertEquals(Kind.CONTEXT_TOO_LONG, error.kind());
        assertFalse(error.retryable());
    }

    @ParameterizedTest
    @CsvSource({
            "400, BAD_REQUEST, false", "404, BAD_REQUEST, false", "422, BAD_REQUEST, false", "403, AUTHENTICATION, false",
            "500, UNAVAILABLE, true", "502, UNAVAILABLE, true", "503, UNAVAILABLE, true", "504, UNAVAILABLE, true",
            "529, OVERLOADED, true"})
    void statusesMapToKinds(int status, Kind kind, boolean retryable) {
        ProviderError error = call(status, openAiError("something went wrong", "some_type", null));

        assertEquals(kind, error.kind());
        assertEquals(retryable, error.retryable());
        assertEquals(status, error.httpStatus());
        assertTrue(error.message().startsWith("openai answered HTTP " + status), error.message());
        assertTrue(error.message().endsWith(": something went wrong"), error.message());
    }

    @Test
    void notFoundNamesTheUrlBecauseTheBaseUrlIsUsuallyWrong() {
        ProviderError error = call(404, "{\"timestamp\":\"2026-06-08T06:12:47.210+00:00\",\"status\":404,"
                + "\"error\":\"Not Found\",\"path\":\"/v4/v1/chat/completions\"}");

        assertEquals(Kind.BAD_REQUEST, error.kind());
        assertEquals("openai answered HTTP 404 for " + server.url("/v1/chat/completions") + ": Not Found", error.message());
    }

    @Test
    void aBodyThatIsNotJsonIsQuotedShortly() {
        ProviderError error = call(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                .body("<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + "x".repeat(1000) + "</body></html>")
                .build());

        assertEquals(Kind.UNAVAILABLE, error.kind());
        assertTrue(error.message().startsWith("openai answered HTTP 502: <html> <head><title>502 Bad Gateway</title>"),
                error.message());
        assertTrue(error.message().length() < 400, "the body is cut short");
    }

    @Test
    void anEmptyBodyStillGivesAReadableMessage() {
        ProviderError error = call(new MockResponse.Builder().code(503).build());

        assertEquals("openai answered HTTP 503: no details given", error.message());
    }

    @Test
    void theProvidersShouldRetryHeaderWins() {
        ProviderError serverError = call(new MockResponse.Builder().code(500).addHeader("x-should-retry", "false")
                .body(openAiError("boom", "server_error", null)).build());
        ProviderError badRequest = call(new MockResponse.Builder().code(400).addHeader("x-should-retry", "true")
                .body(openAiError("try again", "invalid_request_error", null)).build());

        assertFalse(serverError.retryable());
        assertTrue(badRequest.retryable());
    }

    @Test
    void openRouterNumericCodesAndUpstreamDetailsAreKept() {
        JsonNode errors = ReferenceFiles.json("openrouter-errors.json");

        ProviderError noCredits = call(recorded(errors.path("402")));
        ProviderError upstream = call(recorded(errors.path("502_provider")));
        ProviderError limited = call(recorded(errors.path("429")));

        assertEquals(Kind.RATE_LIMITED, noCredits.kind());
        assertFalse(noCredits.retryable(), "no credits: trying again will not help");
        assertEquals(Kind.UNAVAILABLE, upstream.kind());
        assertEquals("openai answered HTTP 502 (502): Provider returned error (upstream: {\"error\":{\"message\":"
                + "\"upstream failure\"}})", upstream.message());
        assertEquals(Duration.ofSeconds(5), limited.retryAfter());
    }

    @Test
    void theApiKeyNeverAppearsInAMessageEvenWhenTheServerEchoesIt() {
        ProviderError error = call(401, openAiError("Incorrect API key provided: " + API_KEY + ".", "invalid_request_error",
                "invalid_api_key"));

        assertFalse(error.message().contains(API_KEY), error.message());
        assertTrue(error.message().contains("Incorrect API key provided: " + Secret.ofNullable(API_KEY).masked() + "."),
                error.message());
    }

    @Test
    void aShortKeyIsNotMaskedInsideTheWordsOfAMessage() {
        OpenAiChatCompletionsAdapter simulator = new OpenAiChatCompletionsAdapter(
                OpenAiChatConfig.of("simulator", server.url("/v1").uri(), Secret.ofNullable("simulator")), ProviderFixtures.CLIENT);

        ProviderError error = errorBeforeStream(server, simulator, ask("hi"),
                new MockResponse.Builder().code(500).body("the simulator failed").build());

        assertEquals("simulator answered HTTP 500: the simulator failed", error.message());
    }
}
