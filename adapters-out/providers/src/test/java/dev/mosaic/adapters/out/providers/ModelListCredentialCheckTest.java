package dev.mosaic.adapters.out.providers;

import dev.mosaic.testsupport.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.CredentialCheck;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ModelListCredentialCheckTest extends MockServerTest {
    private static final Secret KEY = Secret.ofNullable("sk-test-key-0123456789abcdef");

    private ModelListCredentialCheck check() {
        return new ModelListCredentialCheck(new OkHttpChatProviderFactory(new OkHttpChatProviderFactory.Defaults(
                Map.of("openai", server.url("/v1").uri(), "anthropic", server.url("/").uri()), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of(), null, Map.of()), ProviderFixtures.CLIENT));
    }

    @Test
    void aKeyTheProviderAcceptsPassesAndWasSentAsTheProviderExpects() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(ReferenceFiles.text("openai-models-list.json")).build());
        assertEquals(Optional.empty(), check().validate("openai", KEY, null));
        RecordedRequest request = server.takeRequest();
        assertEquals("/v1/models", request.getUrl().encodedPath());
        assertEquals("Bearer " + KEY.reveal(), request.getHeaders().get("Authorization"));

        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(ReferenceFiles.text("anthropic-models-list-extended.json")).build());
        assertEquals(Optional.empty(), check().validate("anthropic", KEY, null));
        assertEquals(KEY.reveal(), server.takeRequest().getHeaders().get("x-api-key"));
    }

    @Test
    void aRejectedKeyIsNamedAsSuchWithoutRepeatingIt() {
        server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                .body(ReferenceFiles.json("openai-error-401.json").path("body").toString()).build());
        CredentialCheck.Problem problem = check().validate("openai", KEY, null).orElseThrow();
        assertEquals(ErrorCode.PROVIDER_AUTHENTICATION, problem.code());
        assertTrue(problem.message().startsWith("openai rejected the key"), problem.message());
        assertFalse(problem.message().contains(KEY.reveal()));
    }

    @Test
    void anUnreachableEndpointIsUnavailableNotARefusal() throws Exception {
        URI nobodyListens = ProviderFixtures.refusingBaseUrl("/v1");
        CredentialCheck.Problem problem = check().validate("openai", KEY, nobodyListens).orElseThrow();
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, problem.code());
        assertTrue(problem.message().startsWith("the key could not be checked: cannot reach openai at " + nobodyListens),
                problem.message());
    }

    @Test
    void aFailingProviderIsUnavailableToo() {
        server.enqueue(new MockResponse.Builder().code(503).body("down for maintenance").build());
        CredentialCheck.Problem problem = check().validate("anthropic", KEY, null).orElseThrow();
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, problem.code());
        assertTrue(problem.message().contains("HTTP 503"), problem.message());
    }

    @Test
    void aProviderWithoutAnEndpointNeedsABaseUrl() {
        CredentialCheck.Problem problem = check().validate("carrier-pigeon", KEY, null).orElseThrow();
        assertEquals(ErrorCode.INVALID_INPUT, problem.code());
        assertTrue(problem.message().contains("no endpoint"), problem.message());
        assertEquals(0, server.getRequestCount());
    }
}
