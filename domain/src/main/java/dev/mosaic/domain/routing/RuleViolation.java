package dev.mosaic.domain.routing;

/**
 * A routing rule (or one part of it) that cannot be accepted, with the field at fault so that a
 * person editing the rule knows where to look, e.g. {@code conditions[1].complexity}.
 */
public final class RuleViolation extends IllegalArgumentException {
    private final String field;

    public RuleViolation(String field, String reason) {
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
