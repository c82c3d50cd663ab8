package dev.mosaic.adapters.out.embeddings;

import java.util.List;
import java.util.Objects;

/** The input rules the three adapters share (see the package documentation). */
final class EmbeddingInputs {

    private EmbeddingInputs() {}

    /** An immutable copy of {@code texts}, once every text is known to hold something to embed. */
    static List<String> checked(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is "
                        + (text == null ? "null" : "blank") + ": there is nothing in it to embed");
            }
        }
        return List.copyOf(texts);
    }
}
