package dev.mosaic.domain.user;

import java.util.Locale;

/** What a user may administer: an admin edits the gateway's own settings (such as the system routing rules). */
public enum UserRole {
    ADMIN,
    USER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UserRole fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
