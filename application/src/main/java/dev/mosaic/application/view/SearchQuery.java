package dev.mosaic.application.view;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full-text query as a person types it: web-search syntax ({@code "exact phrase"}, {@code or},
 * {@code -excluded}) plus {@code word*} for words that start with "word".
 *
 * @param text the query without its prefix terms, in web-search syntax; may be empty
 * @param prefixes words to match by their beginning, letters and digits only
 */
public record SearchQuery(String text, List<String> prefixes) {
    public static final int MAX_LENGTH = 256;
    private static final Pattern PREFIX = Pattern.compile("(?<![\\p{L}\\p{N}\"])([\\p{L}\\p{N}]+)\\*");

    public SearchQuery {
        prefixes = List.copyOf(prefixes);
    }

    /** @throws IllegalArgumentException for an empty or over-long query, with a message for the user */
    public static SearchQuery parse(String raw) {
        String query = raw == null ? "" : raw.strip();
        if (query.isEmpty()) {
            throw new IllegalArgumentException("the search query is empty");
        }
        if (query.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the search query is longer than " + MAX_LENGTH + " characters");
        }
        if (query.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the search query contains a NUL character");
        }
        List<String> prefixes = new ArrayList<>();
        Matcher m = PREFIX.matcher(query);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            prefixes.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
            m.appendReplacement(rest, " ");
        }
        m.appendTail(rest);
        String text = rest.toString().replace("*", " ").strip().replaceAll("\\s+", " ");
        if (text.isEmpty() && prefixes.isEmpty()) {
            throw new IllegalArgumentException("the search query has no words to look for");
        }
        return new SearchQuery(text, prefixes);
    }
}
