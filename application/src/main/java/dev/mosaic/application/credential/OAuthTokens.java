package dev.mosaic.application.credential;

import dev.mosaic.application.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * What an OAuth login leaves: the tokens, when the access token expires, and the account it
 * belongs to. Stored only encrypted, in the same place as an API key.
 *
 * @param refreshToken null when the server gave none, and then the login ends when the access token does
 * @param accountId null unless the provider's API wants one beside the token
 */
public record OAuthTokens(Secret accessToken, Secret refreshToken, Instant expiresAt, String accountId) {

    private static final String FORMAT = "mosaic/oauth-tokens/v1";

    public OAuthTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!isToken(accessToken.reveal()) || refreshToken != null && !isToken(refreshToken.reveal())
                || accountId != null && !isToken(accountId)) {
            throw new IllegalArgumentException("OAuth tokens and account ids are single words of printable characters");
        }
    }

    /** True when the access token is no longer valid at {@code when}. */
    public boolean expiresBy(Instant when) {
        return !expiresAt.isAfter(when);
    }

    /** The plaintext that is encrypted: one value a line, versioned so the format can change. */
    public byte[] encode() {
        return String.join("\n", FORMAT, accessToken.reveal(), refreshToken == null ? "" : refreshToken.reveal(),
                Long.toString(expiresAt.getEpochSecond()), accountId == null ? "" : accountId)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException for bytes {@link #encode} did not make */
    public static OAuthTokens decode(byte[] plaintext) {
        String[] lines = new String(plaintext, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 5 || !lines[0].equals(FORMAT)) {
            throw new IllegalArgumentException("not stored OAuth tokens");
        }
        return new OAuthTokens(Secret.ofNullable(lines[1]), Secret.ofNullable(lines[2]),
                Instant.ofEpochSecond(Long.parseLong(lines[3])), lines[4].isEmpty() ? null : lines[4]);
    }

    private static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c > ' ' && c < 127);
    }

    @Override
    public String toString() {
        return "OAuthTokens[accessToken=" + accessToken + ", refreshToken=" + refreshToken + ", expiresAt=" + expiresAt
                + ", accountId=" + accountId + "]";
    }
}
