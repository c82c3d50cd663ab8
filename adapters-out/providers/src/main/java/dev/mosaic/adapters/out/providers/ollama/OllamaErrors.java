package dev.mosaic.adapters.out.providers.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.adapters.out.providers.HttpFailure;
import dev.mosaic.adapters.out.providers.ProviderErrors;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderError.Kind;
import java.io.IOException;

/** Ollama's error shape, {@code {"error":"..."}}, before a stream or as a line inside one. */
final class OllamaErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private OllamaErrors() {}

    /**
     * A model that is not there is a 404 whose message names it; the fix is on the Ollama host, so
     * the message says how.
     *
     * @param model the model asked for, or null when the call was not about one
     */
    static ProviderError fromHttp(ProviderErrors errors, HttpFailure failure, String model) {
        String detail = message(failure.body());
        if (failure.status() == 404 && model != null && detail.contains("model")) {
            detail += " (run `ollama pull " + model + "` where Ollama runs)";
        }
        Kind kind = ProviderErrors.kindForStatus(failure.status());
        return errors.http(failure, kind, kind.retryableByDefault(), "", detail);
    }

    /**
     * A line {@code {"error":"..."}} after HTTP 200. Ollama says no more than its message; it reports
     * failures of the model runner this way, which is the server failing rather than the request.
     */
    static ProviderError inStream(ProviderErrors errors, JsonNode error) {
        return errors.inStream(Kind.UNAVAILABLE, true, "", error.isTextual() ? error.asText() : error.toString());
    }

    private static String message(String body) {
        try {
            JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException notJson) {
            // Quoted below.
        }
        return ProviderErrors.excerpt(body, MAX_DETAIL);
    }
}
