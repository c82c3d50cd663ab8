package dev.mosaic.application.credential;

import java.util.Locale;

/** How a credential proves who is calling; the wire and database form is the lower-case name. */
public enum CredentialKind {
    API_KEY,
    OAUTH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a kind */
    public static CredentialKind fromWireName(String wireName) {
        for (CredentialKind kind : values()) {
            if (kind.wireName().equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a credential kind: " + wireName);
    }
}
