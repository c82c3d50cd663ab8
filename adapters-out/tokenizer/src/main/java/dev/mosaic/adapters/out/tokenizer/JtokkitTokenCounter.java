package dev.mosaic.adapters.out.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.mosaic.application.port.out.TokenCounter;
import java.util.Locale;
import java.util.Optional;

/**
 * Exact counts for OpenAI's models (their published encodings, via jtokkit); for every other model
 * an estimate of about four characters a token, which the gateway then corrects with the usage
 * the provider reports.
 */
public final class JtokkitTokenCounter implements TokenCounter {

    private final Encoding o200k;
    private final Encoding cl100k;

    public JtokkitTokenCounter() {
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
    }

    @Override
    public long count(String model, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return encodingOf(model).map(e -> (long) e.countTokensOrdinary(text)).orElseGet(() -> (text.length() + 3L) / 4);
    }

    /** The encoding an OpenAI model family uses, by the model's name (vendor prefixes such as {@code openai/} allowed). */
    Optional<Encoding> encodingOf(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-4.5") || name.startsWith("gpt-5")
                || name.matches("o[1-9].*") || name.startsWith("chatgpt-4o") || name.startsWith("codex")) {
            return Optional.of(o200k);
        }
        if (name.startsWith("gpt-4") || name.startsWith("gpt-3.5") || name.startsWith("text-embedding-")) {
            return Optional.of(cl100k);
        }
        return Optional.empty();
    }
}
