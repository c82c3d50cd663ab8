package dev.mosaic.adapters.out.embeddings;

import static dev.mosaic.adapters.out.embeddings.Vectors.cosine;
import static dev.mosaic.adapters.out.embeddings.Vectors.norm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.embedding.Embedding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real bge-small-en-v1.5 model, loaded once for the class (loading is the slow part). */
class OnnxEmbeddingModelTest {

    private static final String CAT = "The cat sits on the mat";
    private static final String CAT_AGAIN = "A cat is sitting on a mat";
    private static final String REVENUE = "Quarterly revenue grew 4%";

    /** Differences between embedding one text alone and within a batch: float rounding at most. */
    private static final float SAME = 1e-5f;

    private static OnnxEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = new OnnxEmbeddingModel();
    }

    private static float[] vector(String text) {
        return model.embed(List.of(text)).getFirst().vector();
    }

    @Test
    void vectorsHave384DimensionsAndAreLabelledWithTheModel() {
        Embedding embedding = model.embed(List.of(CAT)).getFirst();

        assertEquals("bge-small-en-v1.5", model.model());
        assertEquals(384, model.dimensions());
        assertEquals("bge-small-en-v1.5", embedding.model());
        assertEquals(384, embedding.dimensions());
    }

    @Test
    void theSameTextGivesTheSameVector() {
        assertArrayEquals(vector(CAT), vector(CAT));
    }

    @Test
    void vectorsAreUnitLength() {
        for (String text : List.of(CAT, REVENUE, "x", "Ünïcödé — 日本語のテキスト 🙂")) {
            assertEquals(1.0, norm(vector(text)), 1e-4, text);
        }
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[] cat = vector(CAT);
        double similar = cosine(cat, vector(CAT_AGAIN));
        double unrelated = cosine(cat, vector(REVENUE));

        assertTrue(similar > unrelated, "cat/cat " + similar + " should beat cat/revenue " + unrelated);
        assertTrue(similar > 0.8, "paraphrases should be close: " + similar);
    }

    @Test
    void aBatchKeepsTheOrderOfItsTexts() {
        List<String> texts = List.of(REVENUE, CAT, "Paris is the capital of France", CAT_AGAIN, "x");

        List<Embedding> batch = model.embed(texts);

        assertEquals(texts.size(), batch.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(vector(texts.get(i)), batch.get(i).vector(), SAME, "text " + i);
        }
    }

    @Test
    void textLongerThanTheModelWindowIsEmbeddedWhole() {
        // 512 tokens is the window; langchain4j embeds each part and averages them.
        String longText = String.join(" ", Collections.nCopies(400, "The cat sits on the mat."));

        float[] vector = vector(longText);

        assertEquals(384, vector.length);
        assertEquals(1.0, norm(vector), 1e-4);
        assertTrue(cosine(vector, vector(CAT)) > 0.8);
    }

    @Test
    void noTextsGiveNoVectors() {
        assertEquals(List.of(), model.embed(List.of()));
    }

    @Test
    void blankOrNullTextIsRefusedNamingItsPosition() {
        var blank = assertThrows(IllegalArgumentException.class, () -> model.embed(List.of(CAT, " \n\t")));
        assertTrue(blank.getMessage().contains("text 1 of 2 is blank"), blank.getMessage());

        var empty = assertThrows(IllegalArgumentException.class, () -> model.embed(List.of("")));
        assertTrue(empty.getMessage().contains("text 0 of 1 is blank"), empty.getMessage());

        var absent = assertThrows(IllegalArgumentException.class, () -> model.embed(Arrays.asList(CAT, null)));
        assertTrue(absent.getMessage().contains("text 1 of 2 is null"), absent.getMessage());
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
        List<String> texts = List.of(CAT, CAT_AGAIN, REVENUE);
        List<float[]> expected = texts.stream().map(OnnxEmbeddingModelTest::vector).toList();

        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<List<Embedding>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(threads.submit(() -> model.embed(texts)));
            }
            for (Future<List<Embedding>> call : calls) {
                List<Embedding> result = call.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(expected.get(i), result.get(i).vector(), SAME);
                }
            }
        }
    }

    @Test
    void nativeLibrariesAreUnpackedUnderTargetNotTheHome() {
        // Guards the build's settings: by default DJL unpacks into ~/.djl.ai and JNA into ~/.cache/JNA.
        Path djl = Path.of(System.getProperty("DJL_CACHE_DIR", System.getProperty("user.home") + "/.djl.ai"));
        Path jna = Path.of(System.getProperty("jna.tmpdir", System.getProperty("user.home") + "/.cache/JNA/temp"));

        for (Path directory : List.of(djl, jna, Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(directory.toAbsolutePath().normalize().toString().contains("/target"), directory.toString());
        }
        assertTrue(Files.isDirectory(djl.resolve("tokenizers")), "the tokeniser should have been unpacked in " + djl);
    }
}
