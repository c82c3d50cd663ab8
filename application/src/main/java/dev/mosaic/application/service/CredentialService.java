package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.OAuthClientConfig;
import dev.mosaic.application.credential.OAuthTokens;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.in.ManageCredentialsUseCase;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.CredentialCipher;
import dev.mosaic.application.port.out.OAuthTokenEndpoint;
import dev.mosaic.application.port.out.OAuthTokenEndpoint.OAuthException;
import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.application.port.out.ProviderCredentials.Encrypted;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Users' own provider credentials: checked with the provider, then stored encrypted (docs/adr/0006).
 *
 * <p>Encryption happens here, in the core, so no storage adapter ever holds a secret in the clear.
 * The associated data names the owner, provider, kind and endpoint of the row, so a ciphertext moved
 * elsewhere (into another user's row, another provider's, or beside an endpoint an attacker
 * controls) no longer decrypts.
 *
 * <p>An OAuth login is stored the same way, its tokens inside the ciphertext; its access token is
 * renewed with the refresh token shortly before it expires, when it is next needed.
 */
public final class CredentialService implements ManageCredentialsUseCase {

    private static final Logger LOG = Logger.getLogger(CredentialService.class.getName());
    private static final String DEFAULT_LABEL = "default";
    private static final int MAX_KEY_LENGTH = 4096;
    private static final int MAX_BASE_URL_LENGTH = 2048;
    private static final String BASE_URL_RULE =
            "baseUrl must be an http or https URL of at most 2048 characters, without user info, query or fragment";

    /**
     * What a re-encryption did.
     *
     * @param unreadable credentials that could not be decrypted, left as they were (each one is logged)
     */
    public record Reencryption(int users, int rewrapped, int unreadable) {}

    /** Renewed this long before it expires, so that a reply never starts with a token about to lapse. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    /** Assumed when a token response does not say how long its access token lasts. */
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    private record LoginKey(UserId owner, String provider) {}

    private final ProviderCredentials credentials;
    private final CredentialCipher cipher;
    private final CredentialCheck check;
    private final OAuthTokenEndpoint tokenEndpoint;
    private final Map<String, OAuthClientConfig> oauthClients;
    private final OwnerChanges changes;
    private final Clock clock;
    /**
     * Each user's stored credentials, still encrypted, as every message's route needs them: cached by
     * this instance and dropped whenever they change, here or on another instance ({@link #changed}).
     */
    private final OwnedCache<List<Encrypted>> stored = new OwnedCache<>();
    /** One renewal at a time per login in this process; {@link ProviderCredentials#replace} settles races between processes. */
    private final Map<LoginKey, Object> renewals = new ConcurrentHashMap<>();

    /**
     * @param oauthClients the providers a user can log in to with OAuth, by provider id
     * @param changes where every change of a user's credentials is announced, to every instance
     */
    public CredentialService(ProviderCredentials credentials, CredentialCipher cipher, CredentialCheck check,
            OAuthTokenEndpoint tokenEndpoint, Map<String, OAuthClientConfig> oauthClients, OwnerChanges changes,
            Clock clock) {
        this.credentials = Objects.requireNonNull(credentials);
        this.cipher = Objects.requireNonNull(cipher);
        this.check = Objects.requireNonNull(check);
        this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint);
        this.oauthClients = Map.copyOf(oauthClients);
        this.changes = Objects.requireNonNull(changes);
        this.clock = Objects.requireNonNull(clock);
    }

    /** {@code owner}'s credentials changed, here or on another instance. */
    public void changed(Owner owner) {
        stored.changed(owner);
    }

    /** Changes may have gone unheard: nothing cached is trusted. */
    public void changesMissed() {
        stored.forgetAll();
    }

    /** Drops what this instance cached of the actor's credentials, then tells the other instances to. */
    private void announce(UserId actor) {
        Owner owner = Owner.of(actor);
        changed(owner);
        changes.publish(owner);
    }

    @Override
    public PutOutcome put(UserId actor, PutCredentialCommand command) {
        Objects.requireNonNull(actor, "actor");
        String provider = command.provider();
        if (!ProviderCredential.isKnownProvider(provider)) {
            return new PutOutcome.Rejected(unknownProvider());
        }
        Secret key = command.apiKey();
        if (key == null) {
            return invalid("an API key is required");
        }
        if (key.reveal().length() > MAX_KEY_LENGTH) {
            return invalid("an API key is at most " + MAX_KEY_LENGTH + " characters");
        }
        Optional<String> unsendable = key.headerValueProblem();
        if (unsendable.isPresent()) {
            return invalid("this API key cannot be sent to a provider: " + unsendable.get());
        }
        String label = command.label() == null || command.label().isBlank() ? DEFAULT_LABEL : command.label().strip();
        if (label.length() > ProviderCredential.MAX_LABEL_LENGTH || label.chars().anyMatch(Character::isISOControl)) {
            return invalid("a label has at most " + ProviderCredential.MAX_LABEL_LENGTH + " characters and no control characters");
        }
        URI baseUrl;
        try {
            baseUrl = baseUrl(command.baseUrl());
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        Optional<CredentialCheck.Problem> problem = check.validate(provider, key, baseUrl);
        if (problem.isPresent()) {
            // The check promises never to quote the key; this makes sure of it.
            String why = key.maskIn(problem.get().message());
            return new PutOutcome.Rejected(new Rejection(problem.get().code(),
                    "the key could not be confirmed with " + provider + ": " + why));
        }
        Instant now = clock.instant();
        Instant createdAt = credentials.find(actor, provider).map(stored -> stored.credential().createdAt()).orElse(now);
        ProviderCredential credential = new ProviderCredential(actor, provider, CredentialKind.API_KEY, label,
                key.masked(), baseUrl, createdAt, now);
        byte[] plaintext = key.reveal().getBytes(StandardCharsets.UTF_8);
        try {
            credentials.put(actor, new Encrypted(credential, cipher.encrypt(plaintext, associatedData(credential))));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        announce(actor);
        return new PutOutcome.Saved(credential);
    }

    @Override
    public List<ProviderCredential> list(UserId actor) {
        return stored(actor).stream().map(Encrypted::credential).toList();
    }

    /** The actor's stored credentials, from the cache. */
    private List<Encrypted> stored(UserId actor) {
        return stored.own(actor, () -> List.copyOf(credentials.list(actor)));
    }

    @Override
    public Optional<Rejection> delete(UserId actor, String provider) {
        if (!ProviderCredential.isKnownProvider(provider)) {
            return Optional.of(unknownProvider());
        }
        if (!credentials.delete(actor, provider)) {
            return Optional.of(Rejection.notFound(provider + " credential"));
        }
        announce(actor);
        return Optional.empty();
    }

    /**
     * How to call a provider as the actor, with the actor's own key or login; empty when the actor
     * stored none, and the gateway's own key (if any) applies. An OAuth access token near its expiry
     * is renewed first. Deliberately not on an inbound port: no driving adapter can reach a decrypted
     * secret.
     *
     * @throws UnusableCredentialException when the stored credential cannot be decrypted, or a login
     *     has expired and cannot be renewed; the message tells the user what to do
     */
    public Optional<ProviderAccess> accessFor(UserId actor, String provider) {
        Optional<Encrypted> found = stored(actor).stream().filter(c -> c.credential().provider().equals(provider))
                .findFirst();
        return found.map(stored -> switch (stored.credential().kind()) {
            case API_KEY -> {
                byte[] plaintext = decrypt(stored);
                try {
                    yield new ProviderAccess.ApiKey(Secret.ofNullable(new String(plaintext, StandardCharsets.UTF_8)),
                            stored.credential().baseUrl());
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
            case OAUTH -> {
                OAuthTokens tokens = tokensOf(stored);
                if (tokens.expiresBy(clock.instant().plus(RENEW_BEFORE_EXPIRY))) {
                    tokens = renew(actor, provider);
                }
                OAuthClientConfig client = oauthClients.get(provider);
                yield new ProviderAccess.OAuthToken(tokens.accessToken(), tokens.accountId(),
                        client == null ? null : client.apiBaseUrl());
            }
        });
    }

    /** Stores what an OAuth login granted, replacing the actor's previous credential for the provider. */
    public ProviderCredential storeLogin(UserId actor, String provider, OAuthTokenEndpoint.Grant grant) {
        Instant now = clock.instant();
        OAuthTokens tokens = tokensOf(grant, null, now);
        Instant createdAt = credentials.find(actor, provider).map(stored -> stored.credential().createdAt()).orElse(now);
        ProviderCredential credential = loginCredential(actor, provider, tokens, createdAt, now);
        credentials.put(actor, new Encrypted(credential, encrypt(tokens, credential)));
        announce(actor);
        return credential;
    }

    /** Renews a login, unless another renewal (here or in another gateway) already did. */
    private OAuthTokens renew(UserId actor, String provider) {
        synchronized (renewals.computeIfAbsent(new LoginKey(actor, provider), key -> new Object())) {
            Encrypted stored = credentials.find(actor, provider).filter(c -> c.credential().kind() == CredentialKind.OAUTH)
                    .orElseThrow(() -> new UnusableCredentialException("your " + provider + " login was removed meanwhile"));
            OAuthTokens current = tokensOf(stored);
            Instant now = clock.instant();
            if (!current.expiresBy(now.plus(RENEW_BEFORE_EXPIRY))) {
                return current;
            }
            OAuthClientConfig client = oauthClients.get(provider);
            if (client == null || current.refreshToken() == null) {
                if (!current.expiresBy(now)) {
                    // Cannot be renewed, but still valid for a few minutes: use it while it lasts.
                    return current;
                }
                throw expired(provider, client == null ? "OAuth is no longer configured for it" : "there is no refresh token");
            }
            OAuthTokenEndpoint.Grant grant;
            try {
                grant = tokenEndpoint.refresh(client, current.refreshToken());
            } catch (OAuthException e) {
                if (!current.expiresBy(now)) {
                    // Still valid for a few minutes: use it, and try again next time.
                    LOG.warning(() -> "could not renew the " + provider + " login of user " + actor + " yet: " + e.getMessage());
                    return current;
                }
                throw expired(provider, e.getMessage());
            }
            OAuthTokens renewed = tokensOf(grant, current, now);
            ProviderCredential credential = loginCredential(actor, provider, renewed, stored.credential().createdAt(), now);
            if (credentials.replace(actor, stored.ciphertext(), new Encrypted(credential, encrypt(renewed, credential)))) {
                announce(actor);
                return renewed;
            }
            // Another gateway renewed it first (and announced it); its tokens are the valid ones now.
            return credentials.find(actor, provider).map(this::tokensOf)
                    .orElseThrow(() -> new UnusableCredentialException("your " + provider + " login was removed meanwhile"));
        }
    }

    private static OAuthTokens tokensOf(OAuthTokenEndpoint.Grant grant, OAuthTokens previous, Instant now) {
        return new OAuthTokens(grant.accessToken(),
                grant.refreshToken() != null ? grant.refreshToken() : previous == null ? null : previous.refreshToken(),
                now.plus(grant.expiresIn() != null ? grant.expiresIn() : DEFAULT_TOKEN_LIFETIME),
                grant.accountId() != null ? grant.accountId() : previous == null ? null : previous.accountId());
    }

    private static ProviderCredential loginCredential(UserId actor, String provider, OAuthTokens tokens, Instant createdAt,
            Instant now) {
        String hint = tokens.accountId() == null ? tokens.accessToken().masked()
                : "account " + Secret.ofNullable(tokens.accountId()).masked();
        return new ProviderCredential(actor, provider, CredentialKind.OAUTH, "OAuth login", hint, null, createdAt, now,
                tokens.expiresAt());
    }

    private byte[] encrypt(OAuthTokens tokens, ProviderCredential credential) {
        byte[] plaintext = tokens.encode();
        try {
            return cipher.encrypt(plaintext, associatedData(credential));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private OAuthTokens tokensOf(Encrypted stored) {
        byte[] plaintext = decrypt(stored);
        try {
            return OAuthTokens.decode(plaintext);
        } catch (IllegalArgumentException e) {
            throw new UnusableCredentialException("the stored " + stored.credential().provider()
                    + " login cannot be read; log in again with /login " + stored.credential().provider());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private byte[] decrypt(Encrypted stored) {
        String provider = stored.credential().provider();
        try {
            return cipher.decrypt(stored.ciphertext(), associatedData(stored.credential()));
        } catch (CredentialCipher.UndecryptableException e) {
            throw new UnusableCredentialException("the stored " + provider + " credential cannot be decrypted: it was altered"
                    + " or moved, or the master key it was stored under is gone; store it again");
        }
    }

    private static UnusableCredentialException expired(String provider, String why) {
        return new UnusableCredentialException("your " + provider + " login has expired and could not be renewed (" + why
                + "); log in again with /login " + provider);
    }

    /** A stored credential that cannot be used; the message says what the user can do about it. */
    public static final class UnusableCredentialException extends IllegalStateException {
        public UnusableCredentialException(String message) {
            super(message);
        }
    }

    /**
     * Re-encrypts the actor's credentials under the cipher's current master key. A credential the
     * user replaces meanwhile is left alone: it was just encrypted under the current key anyway.
     */
    public Reencryption reencrypt(UserId actor) {
        int rewrapped = 0;
        int unreadable = 0;
        for (Encrypted stored : credentials.list(actor)) {
            byte[] associatedData = associatedData(stored.credential());
            byte[] plaintext;
            try {
                plaintext = cipher.decrypt(stored.ciphertext(), associatedData);
            } catch (CredentialCipher.UndecryptableException e) {
                unreadable++;
                LOG.warning(() -> "cannot decrypt the " + stored.credential().provider() + " credential of user " + actor
                        + " (" + e.getMessage() + "); left as it is");
                continue;
            }
            try {
                if (credentials.rewrap(actor, stored.credential().provider(), stored.ciphertext(),
                        cipher.encrypt(plaintext, associatedData))) {
                    rewrapped++;
                }
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        if (rewrapped > 0) {
            announce(actor);
        }
        return new Reencryption(1, rewrapped, unreadable);
    }

    /**
     * Re-encrypts every user's credentials, one user at a time: the step after a master key
     * rotation, after which the old key is needed by no stored credential.
     */
    public Reencryption reencryptAll() {
        int users = 0;
        int rewrapped = 0;
        int unreadable = 0;
        for (UserId owner : credentials.owners()) {
            Reencryption done = reencrypt(owner);
            users++;
            rewrapped += done.rewrapped();
            unreadable += done.unreadable();
        }
        return new Reencryption(users, rewrapped, unreadable);
    }

    /**
     * What binds a ciphertext to its row. Changing this format makes every stored credential
     * unreadable, hence the version in front.
     */
    static byte[] associatedData(ProviderCredential credential) {
        return String.join("\n", "mosaic/provider-credential/v1", credential.owner().toString(), credential.provider(),
                credential.kind().wireName(), credential.baseUrl() == null ? "" : credential.baseUrl().toString())
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The URL without trailing slashes, or null for none.
     *
     * @throws IllegalArgumentException when it breaks {@link #BASE_URL_RULE}
     */
    private static URI baseUrl(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String url = text.strip().replaceAll("/+$", "");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(BASE_URL_RULE, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        // User info would be a second secret, kept in the clear beside the encrypted one.
        if (!isOneWord(url, MAX_BASE_URL_LENGTH) || !(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(BASE_URL_RULE);
        }
        return uri;
    }

    private static boolean isOneWord(String text, int maxLength) {
        return text.length() <= maxLength && text.chars().allMatch(c -> c > ' ' && !Character.isISOControl(c)
                && !Character.isWhitespace(c));
    }

    private static PutOutcome invalid(String message) {
        return new PutOutcome.Rejected(new Rejection(ErrorCode.INVALID_INPUT, message));
    }

    private static Rejection unknownProvider() {
        return new Rejection(ErrorCode.INVALID_INPUT,
                "unknown provider; credentials can be stored for " + String.join(", ", ProviderCredential.PROVIDERS));
    }
}
