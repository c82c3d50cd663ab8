package dev.mosaic.adapters.out.providers.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.port.out.OAuthTokenEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Talks to an authorization server's token endpoint (RFC 6749 §4.1.3 and §6) in the format its
 * config asks for: the standard form encoding, or the JSON body some providers' own clients send.
 * Nothing it says, in results or errors, contains a token, code or verifier.
 */
public final class OkHttpOAuthTokenEndpoint implements OAuthTokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final int MAX_DESCRIPTION = 300;

    private final OkHttpClient http;

    /** @param http a client whose timeouts suit a short request, e.g. the gateway's shared one */
    public OkHttpOAuthTokenEndpoint(OkHttpClient http) {
        this.http = http;
    }

    @Override
    public Grant exchange(OAuthClientConfig client, String code, String codeVerifier, String state) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("client_id", client.clientId());
        parameters.put("code", code);
        if (client.tokenRequestFormat() == OAuthClientConfig.TokenRequestFormat.JSON) {
            // Such servers want the state back in the exchange, as their own clients send it.
            parameters.put("state", state);
        }
        parameters.put("redirect_uri", client.redirectUri().toString());
        parameters.put("code_verifier", codeVerifier);
        return call(client, parameters, "the authorization code");
    }

    @Override
    public Grant refresh(OAuthClientConfig client, Secret refreshToken) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "refresh_token");
        parameters.put("client_id", client.clientId());
        parameters.put("refresh_token", refreshToken.reveal());
        return call(client, parameters, "the refresh token");
    }

    private Grant call(OAuthClientConfig client, Map<String, String> parameters, String what) {
        Request request = new Request.Builder().url(client.tokenUrl().toString())
                .header("Accept", "application/json")
                .post(body(client.tokenRequestFormat(), parameters))
                .build();
        String host = client.tokenUrl().getHost();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            JsonNode json = parse(text);
            if (!response.isSuccessful()) {
                // 4xx: the server looked at the request and said no; 5xx: it could not answer.
                boolean refused = response.code() >= 400 && response.code() < 500;
                throw new OAuthException(host + " answered HTTP " + response.code() + describe(json), refused);
            }
            if (json == null || !json.path("access_token").isTextual() || json.path("access_token").asText().isBlank()) {
                throw new OAuthException(host + " answered " + what + " without an access token", false);
            }
            return grant(json, client.accountIdClaim());
        } catch (IOException e) {
            throw new OAuthException("could not reach " + host + ": " + e.getMessage(), false);
        }
    }

    private static RequestBody body(OAuthClientConfig.TokenRequestFormat format, Map<String, String> parameters) {
        if (format == OAuthClientConfig.TokenRequestFormat.JSON) {
            ObjectNode body = JSON.createObjectNode();
            parameters.forEach(body::put);
            return RequestBody.create(body.toString().getBytes(StandardCharsets.UTF_8), JSON_TYPE);
        }
        FormBody.Builder form = new FormBody.Builder();
        parameters.forEach(form::add);
        return form.build();
    }

    private static Grant grant(JsonNode json, List<String> accountIdClaim) {
        Secret access = Secret.ofNullable(json.path("access_token").asText());
        Secret refresh = Secret.ofNullable(json.path("refresh_token").asText(null));
        JsonNode expiresIn = json.path("expires_in");
        // Some servers send the number as a string.
        long seconds = expiresIn.isNumber() ? expiresIn.asLong() : expiresIn.isTextual() ? expiresIn.asLong(0) : 0;
        return new Grant(access, refresh, seconds > 0 ? Duration.ofSeconds(seconds) : null,
                accountIdClaim.isEmpty() ? null : claim(access.reveal(), accountIdClaim));
    }

    /** A string inside the payload of a JWT access token, or null when the token is not a JWT or lacks it. */
    static String claim(String token, List<String> path) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            for (String step : path) {
                node = node.path(step);
            }
            return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The standard error fields (RFC 6749 §5.2), or nothing when the body has none. */
    private static String describe(JsonNode json) {
        if (json == null) {
            return "";
        }
        JsonNode error = json.path("error");
        String code = error.isTextual() ? error.asText() : error.path("type").asText(error.path("code").asText(""));
        String description = json.path("error_description").asText(error.path("message").asText(""));
        if (description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION) + "…";
        }
        String both = code.isEmpty() ? description : description.isEmpty() ? code : code + ": " + description;
        return both.isEmpty() ? "" : " (" + both + ")";
    }
}
