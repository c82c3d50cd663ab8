package dev.mosaic.domain.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A value of the routing vocabulary. People write labels in rules and read them in decisions, in
 * lower case with hyphens ({@code long-context}), never as Java constant names.
 */
public interface Label {

    String name();

    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param field what the label is for, so the error can say where the mistake is
     * @throws IllegalArgumentException naming the field and the labels it accepts
     */
    static <E extends Enum<E> & Label> E parse(Class<E> type, String field, String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.label().equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException(field + " must be one of "
                + Arrays.stream(type.getEnumConstants()).map(Label::label).collect(Collectors.joining(", "))
                + ", not '" + (text == null ? "" : text.strip()) + "'");
    }
}
