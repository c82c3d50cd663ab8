package dev.mosaic.application.credential;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How the gateway logs a user in to one provider with OAuth 2.0 (authorization code + PKCE): the
 * authorization server's endpoints, the client it registered, and the quirks of its requests. The
 * presets in {@code application.yaml} hold the public facts of each provider; every part can be
 * overridden, so a test can point them at a local authorization server.
 *
 * @param redirectUri where the browser is sent back with the code; it names the user's own machine
 *     ({@code localhost}), where the terminal client listens for it, since providers register fixed
 *     redirect URIs for their public clients
 * @param extraAuthorizeParameters sent with the authorization request beyond the standard ones
 * @param tokenRequestFormat how the token endpoint wants its parameters
 * @param stateIsVerifier the state sent is the PKCE verifier itself, as one provider's client does;
 *     otherwise a separate random value
 * @param accountIdClaim the path, inside the access token's JWT payload, to an account id the API
 *     calls need (e.g. ChatGPT's); empty when none is needed
 * @param apiBaseUrl where API calls made with this login go, when that differs from the provider's
 *     usual endpoint (a ChatGPT login reaches the Codex backend, not api.openai.com); null for the usual one
 */
public record OAuthClientConfig(String provider, URI authorizeUrl, URI tokenUrl, String clientId, URI redirectUri,
        String scopes, Map<String, String> extraAuthorizeParameters, TokenRequestFormat tokenRequestFormat,
        boolean stateIsVerifier, List<String> accountIdClaim, URI apiBaseUrl) {

    public enum TokenRequestFormat {
        FORM,
        JSON
    }

    public OAuthClientConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(tokenRequestFormat, "tokenRequestFormat");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("the OAuth client id of " + provider + " is required");
        }
        scopes = scopes == null ? "" : scopes.strip();
        extraAuthorizeParameters = extraAuthorizeParameters == null ? Map.of() : Map.copyOf(extraAuthorizeParameters);
        accountIdClaim = accountIdClaim == null ? List.of() : List.copyOf(accountIdClaim);
    }

    /** The URL the user opens to grant access. */
    public URI authorizationUrl(String state, String codeChallenge) {
        Map<String, String> parameters = new LinkedHashMap<>(extraAuthorizeParameters);
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri.toString());
        if (!scopes.isEmpty()) {
            parameters.put("scope", scopes);
        }
        parameters.put("code_challenge", codeChallenge);
        parameters.put("code_challenge_method", "S256");
        parameters.put("state", state);
        String query = parameters.entrySet().stream()
                .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&"));
        String base = authorizeUrl.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
