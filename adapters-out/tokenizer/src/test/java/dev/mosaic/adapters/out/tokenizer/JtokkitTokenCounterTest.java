package dev.mosaic.adapters.out.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JtokkitTokenCounterTest {
    private final JtokkitTokenCounter counter = new JtokkitTokenCounter();

    @Test
    void openAiModelsAreCountedWithTheirOwnEncoding() {
        // "hello world" is two tokens in both encodings; the phrase below differs between them.
        assertEquals(2, counter.count("gpt-4o", "hello world"));
        assertEquals(2, counter.count("gpt-3.5-turbo", "hello world"));
        String text = "Mosaic routes every message to the right model. 日本語のテキストも数えます。";
        assertNotEquals(counter.count("gpt-4o", text), counter.count("gpt-4-turbo", text));
    }

    @ParameterizedTest
    @CsvSource({"gpt-5.4, true", "openai/gpt-4o-mini, true", "o3-mini, true", "gpt-4-turbo, true",
            "claude-sonnet-4-6, false", "llama3.2, false", "glm-5, false", "mosaic-simulator, false"})
    void theEncodingIsChosenByModelFamily(String model, boolean exact) {
        assertEquals(exact, counter.encodingOf(model).isPresent(), model);
    }

    @Test
    void otherModelsAreEstimatedAtFourCharactersAToken() {
        assertEquals(3, counter.count("claude-sonnet-4-6", "twelve chars"));
        assertEquals(0, counter.count("llama3.2", ""));
        assertTrue(counter.count("llama3.2", "x".repeat(4000)) == 1000);
    }
}
