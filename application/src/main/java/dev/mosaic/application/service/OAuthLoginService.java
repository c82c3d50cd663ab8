package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase;
import dev.mosaic.application.port.out.CredentialCipher;
import dev.mosaic.application.port.out.OAuthTokenEndpoint;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.OAuthException;
import dev.mosaic.application.port.out.PendingLogins;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OAuth logins (authorization code + PKCE, RFC 7636). The browser sees only the PKCE verifier's
 * hash, so a code caught on the way is useless to anyone else (unless a preset sends the verifier as
 * the state, as one provider's own client does: docs/adr/0008). Pending logins live in
 * {@link PendingLogins}, encrypted, for {@link #LOGIN_TTL}.
 */
public final class OAuthLoginService implements LoginWithOAuthUseCase {

    static final Duration LOGIN_TTL = Duration.ofMinutes(10);
    private static final int MAX_RESPONSE_LENGTH = 8192;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, OAuthClientConfig> clients;
    private final PendingLogins pending;
    private final CredentialCipher cipher;
    private final OAuthTokenEndpoint tokenEndpoint;
    private final CredentialService credentials;
    private final Clock clock;

    public OAuthLoginService(Map<String, OAuthClientConfig> clients, PendingLogins pending, CredentialCipher cipher,
            OAuthTokenEndpoint tokenEndpoint, CredentialService credentials, Clock clock) {
        this.clients = Map.copyOf(clients);
        this.pending = Objects.requireNonNull(pending);
        this.cipher = Objects.requireNonNull(cipher);
        this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint);
        this.credentials = Objects.requireNonNull(credentials);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public List<String> providers() {
        return clients.keySet().stream().sorted().toList();
    }

    @Override
    public StartOutcome start(UserId actor, String provider) {
        Objects.requireNonNull(actor, "actor");
        OAuthClientConfig client = provider == null ? null : clients.get(provider);
        if (client == null) {
            return new StartOutcome.Rejected(noLogin(provider));
        }
        String verifier = BASE64URL.encodeToString(random(32));
        String state = client.stateIsVerifier() ? verifier : BASE64URL.encodeToString(random(16));
        byte[] plaintext = verifier.getBytes(StandardCharsets.US_ASCII);
        pending.save(new PendingLogins.Pending(actor, state, provider,
                cipher.encrypt(plaintext, associatedData(actor, provider, state))), LOGIN_TTL);
        return new StartOutcome.Ready(new Started(provider, client.authorizationUrl(state, challengeOf(verifier)),
                client.redirectUri(), state, clock.instant().plus(LOGIN_TTL)));
    }

    @Override
    public CompleteOutcome complete(UserId actor, String provider, String state, String response) {
        Objects.requireNonNull(actor, "actor");
        OAuthClientConfig client = provider == null ? null : clients.get(provider);
        if (client == null) {
            return rejected(noLogin(provider));
        }
        if (response == null || response.isBlank() || response.length() > MAX_RESPONSE_LENGTH) {
            return invalid("give the code, or the whole address the browser was sent back to (at most "
                    + MAX_RESPONSE_LENGTH + " characters)");
        }
        Map<String, String> answer = parse(response.strip());
        String givenState = state == null || state.isBlank() ? answer.get("state") : state.strip();
        if (givenState == null) {
            return invalid("the state of the login is missing: give it, or paste the whole address the browser was sent back to");
        }
        if (answer.containsKey("state") && !answer.get("state").equals(givenState)) {
            return invalid("the pasted answer belongs to another login (its state differs)");
        }
        String code = answer.get("code");
        if (!answer.containsKey("error") && (code == null || code.isEmpty() || !code.chars().allMatch(c -> c > ' ' && c < 127))) {
            // Checked before the login is taken, so a bad paste can be corrected.
            return invalid("no authorization code found in what was given");
        }
        Optional<PendingLogins.Pending> login = pending.take(actor, provider, givenState);
        if (login.isEmpty()) {
            return rejected(new Rejection(ErrorCode.NOT_FOUND, "this " + provider + " login is unknown, already used or expired"
                    + " (a login lasts " + LOGIN_TTL.toMinutes() + " minutes); start again with /login " + provider));
        }
        if (answer.containsKey("error")) {
            return rejected(new Rejection(ErrorCode.PROVIDER_AUTHENTICATION, provider + " did not grant access ("
                    + answer.get("error") + Optional.ofNullable(answer.get("error_description")).map(d -> ": " + d).orElse("")
                    + "); start again with /login " + provider));
        }
        byte[] verifier;
        try {
            verifier = cipher.decrypt(login.get().encryptedVerifier(), associatedData(actor, provider, givenState));
        } catch (CredentialCipher.UndecryptableException e) {
            // Started by a gateway with another master key: a misconfiguration the user can only work around.
            return rejected(new Rejection(ErrorCode.INTERNAL, "this login was started by a gateway that cannot be read"
                    + " here; start again with /login " + provider));
        }
        OAuthTokenEndpoint.Grant grant;
        try {
            grant = tokenEndpoint.exchange(client, code, new String(verifier, StandardCharsets.US_ASCII), givenState);
        } catch (OAuthException e) {
            return rejected(new Rejection(e.refused() ? ErrorCode.PROVIDER_AUTHENTICATION : ErrorCode.PROVIDER_UNAVAILABLE,
                    (e.refused() ? provider + " refused the code: " : "could not complete the login: ") + e.getMessage()
                            + "; start again with /login " + provider));
        }
        if (!client.accountIdClaim().isEmpty() && grant.accountId() == null) {
            return rejected(new Rejection(ErrorCode.PROVIDER_AUTHENTICATION, "the " + provider
                    + " token names no account (" + String.join(".", client.accountIdClaim()) + "), which its API requires"));
        }
        return new CompleteOutcome.LoggedIn(credentials.storeLogin(actor, provider, grant));
    }

    /**
     * Whatever the user pasted: the redirect URL, its query string, {@code code#state}, or a bare code.
     * A URL's parameters may also arrive in its fragment.
     */
    static Map<String, String> parse(String response) {
        String text = response;
        if (text.startsWith("http://") || text.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                return Map.of();
            }
            text = uri.getRawQuery() != null ? uri.getRawQuery() : Objects.requireNonNullElse(uri.getRawFragment(), "");
        } else if (text.startsWith("?")) {
            text = text.substring(1);
        }
        Map<String, String> parameters = new HashMap<>();
        if (text.contains("=")) {
            for (String pair : text.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.putIfAbsent(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        } else if (text.contains("#")) {
            parameters.put("code", text.substring(0, text.indexOf('#')));
            parameters.put("state", text.substring(text.indexOf('#') + 1));
        } else if (!text.isEmpty()) {
            parameters.put("code", text);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static String challengeOf(String verifier) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] associatedData(UserId actor, String provider, String state) {
        return String.join("\n", "mosaic/oauth-pending/v1", actor.toString(), provider, state).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private Rejection noLogin(String provider) {
        return new Rejection(ErrorCode.INVALID_INPUT, (provider == null ? "that provider" : provider)
                + " has no OAuth login configured; OAuth is offered for " + (clients.isEmpty() ? "no provider"
                        : String.join(", ", providers())));
    }

    private static CompleteOutcome rejected(Rejection rejection) {
        return new CompleteOutcome.Rejected(rejection);
    }

    private static CompleteOutcome invalid(String message) {
        return rejected(new Rejection(ErrorCode.INVALID_INPUT, message));
    }
}
