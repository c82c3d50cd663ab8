package dev.mosaic.domain;

/**
 * A configuration (a routing rule, an agent) or one part of it that cannot be accepted, with the
 * field at fault so that a person editing it knows where to look, e.g. {@code conditions[1].complexity}.
 */
public final class Violation extends IllegalArgumentException {
    private final String field;

    public Violation(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The reason without the field. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
