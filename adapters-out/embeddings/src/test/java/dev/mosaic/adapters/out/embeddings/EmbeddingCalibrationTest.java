package dev.mosaic.adapters.out.embeddings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.service.MemoryContext;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default recall threshold against the default model: a note is given with a message that is
 * about it, and not with small talk or an unrelated request (docs/configuration.md#memory).
 */
class EmbeddingCalibrationTest {
    private static final double THRESHOLD = MemoryContext.Settings.DEFAULTS.minSimilarity();
    private static final List<String> NOTES = List.of("The user prefers TypeScript for frontend work",
            "The user's dog is called Biscuit", "The user lives in Berlin and works at a bank",
            "The user is allergic to peanuts", "The user's project uses PostgreSQL 16 with pgvector",
            "Project deadline for the Mosaic release is March 3");

    private static OnnxEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = new OnnxEmbeddingModel();
    }

    private static double similarity(String a, String b) {
        List<float[]> vectors = model.embed(List.of(a, b)).stream().map(e -> e.vector()).toList();
        return Vectors.cosine(vectors.get(0), vectors.get(1));
    }

    @Test
    void aQuestionANoteAnswersClearsTheThreshold() {
        for (List<String> pair : List.of(
                List.of("which database does my project use?", NOTES.get(4)),
                List.of("when is the release due?", NOTES.get(5)),
                List.of("which language should I use for the UI?", NOTES.get(0)))) {
            double similarity = similarity(pair.get(0), pair.get(1));
            assertTrue(similarity >= THRESHOLD, pair + ": " + similarity);
        }
    }

    @Test
    void smallTalkAndUnrelatedRequestsRecallNoNote() {
        for (String message : List.of("what time is it?", "hello", "tell me a joke",
                "write a python function to sort a list", "summarize this article about climate change")) {
            for (String note : NOTES) {
                double similarity = similarity(message, note);
                assertTrue(similarity < THRESHOLD, message + " / " + note + ": " + similarity);
            }
        }
    }
}
