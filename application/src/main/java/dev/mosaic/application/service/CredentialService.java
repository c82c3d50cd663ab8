package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.in.ManageCredentialsUseCase;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.CredentialCipher;
import dev.mosaic.application.port.out.ProviderCredentials;
import dev.mosaic.application.port.out.ProviderCredentials.Encrypted;
import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Users' own provider credentials: checked with the provider, then stored encrypted (docs/adr/0006).
 *
 * <p>Encryption happens here, in the core, so no storage adapter ever holds a secret in the clear.
 * The associated data names the owner, provider, kind and endpoint of the row, so a ciphertext moved
 * elsewhere (into another user's row, another provider's, or beside an endpoint an attacker
 * controls) no longer decrypts.
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

    private final ProviderCredentials credentials;
    private final CredentialCipher cipher;
    private final CredentialCheck check;
    private final Clock clock;

    public CredentialService(ProviderCredentials credentials, CredentialCipher cipher, CredentialCheck check, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials);
        this.cipher = Objects.requireNonNull(cipher);
        this.check = Objects.requireNonNull(check);
        this.clock = Objects.requireNonNull(clock);
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
        if (!isOneWord(key.reveal(), MAX_KEY_LENGTH)) {
            return invalid("an API key is at most " + MAX_KEY_LENGTH + " characters, without spaces or control characters");
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
        Optional<String> problem = check.validate(provider, key, baseUrl);
        if (problem.isPresent()) {
            // The check promises never to quote the key; this makes sure of it.
            String why = problem.get().replace(key.reveal(), key.masked());
            return new PutOutcome.Rejected(new Rejection(ErrorCode.PROVIDER_AUTHENTICATION,
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
        return new PutOutcome.Saved(credential);
    }

    @Override
    public List<ProviderCredential> list(UserId actor) {
        return credentials.list(actor).stream().map(Encrypted::credential).toList();
    }

    @Override
    public Optional<Rejection> delete(UserId actor, String provider) {
        if (!ProviderCredential.isKnownProvider(provider)) {
            return Optional.of(unknownProvider());
        }
        return credentials.delete(actor, provider) ? Optional.empty() : Optional.of(Rejection.notFound(provider + " credential"));
    }

    /**
     * The actor's own secret for a provider, for calling it on the actor's behalf; empty when the
     * actor stored none, and the gateway's own key (if any) applies. Deliberately not on an inbound
     * port: no driving adapter can reach a decrypted secret.
     *
     * @throws IllegalStateException when the stored credential cannot be decrypted
     */
    public Optional<Secret> credentialFor(UserId actor, String provider) {
        return credentials.find(actor, provider).map(stored -> {
            byte[] plaintext;
            try {
                plaintext = cipher.decrypt(stored.ciphertext(), associatedData(stored.credential()));
            } catch (CredentialCipher.UndecryptableException e) {
                throw new IllegalStateException("the stored " + provider + " credential cannot be decrypted: it was altered"
                        + " or moved, or the master key it was stored under is gone; store the key again", e);
            }
            try {
                return Secret.ofNullable(new String(plaintext, StandardCharsets.UTF_8));
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
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
