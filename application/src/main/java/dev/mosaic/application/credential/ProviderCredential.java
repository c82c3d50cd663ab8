package dev.mosaic.application.credential;

import dev.mosaic.domain.user.UserId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user's stored credential for one provider, as far as it may be shown. The secret is not part
 * of it: {@code hint} tells two keys apart without revealing either.
 *
 * @param provider a provider id, e.g. {@code openai}; one user has at most one credential per provider
 * @param baseUrl the endpoint the credential is for; null for the provider's usual one
 * @param updatedAt when the secret was last stored; equal to {@code createdAt} until it is replaced
 * @param expiresAt when an OAuth login's access token expires (it is renewed before then); null for an API key
 */
public record ProviderCredential(UserId owner, String provider, CredentialKind kind, String label, String hint,
        URI baseUrl, Instant createdAt, Instant updatedAt, Instant expiresAt) {

    /** The providers a user may store a credential for. */
    public static final List<String> PROVIDERS = List.of("anthropic", "ollama", "openai", "openrouter", "zai");

    public static final int MAX_LABEL_LENGTH = 100;

    /** The shape of a provider id; which ids are accepted is {@link #PROVIDERS}. */
    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public ProviderCredential {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (provider == null || !PROVIDER_ID.matcher(provider).matches()) {
            throw new IllegalArgumentException("a provider id is 1-32 characters of a-z, 0-9 or '-', starting with a letter");
        }
    }

    /** An API key's credential, which never expires by itself. */
    public ProviderCredential(UserId owner, String provider, CredentialKind kind, String label, String hint, URI baseUrl,
            Instant createdAt, Instant updatedAt) {
        this(owner, provider, kind, label, hint, baseUrl, createdAt, updatedAt, null);
    }

    public static boolean isKnownProvider(String provider) {
        return provider != null && PROVIDERS.contains(provider);
    }
}
