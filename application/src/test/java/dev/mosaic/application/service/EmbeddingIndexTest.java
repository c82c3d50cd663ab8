package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.fakes.InMemoryEmbeddingVectors;
import dev.mosaic.application.port.out.embedding.Embedding;
import dev.mosaic.application.port.out.embedding.EmbeddingModel;
import dev.mosaic.application.port.out.embedding.EmbeddingModel.EmbeddingException;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Match;
import dev.mosaic.application.port.out.embedding.EmbeddingVectors.Subject;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingIndexTest {
    private static final List<String> VOCABULARY = List.of("sky", "sea", "blue", "grass", "green");

    /** A model whose answer to one text the test decides; it records what it was asked. */
    private record FakeModel(String model, int dimensions, Function<String, List<Embedding>> answer, List<String> asked)
            implements EmbeddingModel {

        /** Counts the words of {@link #VOCABULARY}: texts sharing words point the same way. */
        static FakeModel wordCounts(String name) {
            return new FakeModel(name, VOCABULARY.size(), text -> List.of(new Embedding(name, counts(text))),
                    new ArrayList<>());
        }

        static FakeModel answering(Function<String, List<Embedding>> answer) {
            return new FakeModel("words-v1", VOCABULARY.size(), answer, new ArrayList<>());
        }

        private static float[] counts(String text) {
            float[] vector = new float[VOCABULARY.size()];
            for (String word : text.split(" ")) {
                int index = VOCABULARY.indexOf(word);
                if (index >= 0) {
                    vector[index]++;
                }
            }
            return vector;
        }

        @Override
        public List<Embedding> embed(List<String> texts) {
            asked.addAll(texts);
            return answer.apply(texts.getFirst());
        }
    }

    private final InMemoryEmbeddingVectors vectors = new InMemoryEmbeddingVectors();
    private final FakeModel words = FakeModel.wordCounts("words-v1");
    private final EmbeddingIndex index = new EmbeddingIndex(words, vectors, Clock.systemUTC());
    private final UserId alice = UserId.random();

    private static List<Subject> subjects(List<Match> matches) {
        return matches.stream().map(Match::subject).toList();
    }

    @Test
    void indexedTextsAreFoundByMeaningNearestFirst() {
        Subject sky = new Subject("message", "sky");
        Subject sea = new Subject("message", "sea");
        Subject grass = new Subject("message", "grass");
        index.index(alice, sky, "the sky is blue");
        index.index(alice, grass, "the grass is green");
        index.index(alice, sea, "the sea is blue");

        List<Match> matches = index.search(alice, "blue sky", 10);
        assertEquals(List.of(sky, sea, grass), subjects(matches));
        assertEquals(List.of(0.0, 0.5, 1.0), matches.stream().map(m -> Math.round(m.distance() * 1e6) / 1e6).toList());
        assertEquals(List.of(sky, sea), subjects(index.search(alice, "blue sky", 2)));
        assertEquals(List.of(), index.search(UserId.random(), "blue sky", 10), "another user's index is empty");
    }

    @Test
    void vectorsAreStoredUnderTheModelsNameSoAnotherModelsQueriesNeverMeetThem() {
        Subject sky = new Subject("message", "sky");
        index.index(alice, sky, "sky");

        EmbeddingIndex ofAnotherModel = new EmbeddingIndex(FakeModel.wordCounts("words-v2"), vectors, Clock.systemUTC());
        assertEquals(List.of(), ofAnotherModel.search(alice, "sky", 10), "same size, same numbers, another model");
        assertEquals(List.of(sky), subjects(vectors.nearest(alice, new Embedding("words-v1", new float[] {1, 0, 0, 0, 0}), 10)));
    }

    @Test
    void indexingASubjectAgainReplacesItsVector() {
        Subject edited = new Subject("message", "edited");
        index.index(alice, edited, "sky");
        index.index(alice, edited, "grass");

        List<Match> matches = index.search(alice, "grass", 10);
        assertEquals(List.of(edited), subjects(matches));
        assertEquals(0, matches.getFirst().distance(), 1e-9);
    }

    @Test
    void blankTextIsRefusedBeforeTheModelIsAsked() {
        Subject subject = new Subject("message", "empty");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> index.index(alice, subject, " \n"));
        assertEquals("nothing to embed: the text to index is blank", refused.getMessage());
        refused = assertThrows(IllegalArgumentException.class, () -> index.search(alice, "", 10));
        assertEquals("nothing to embed: the search query is blank", refused.getMessage());
        assertThrows(NullPointerException.class, () -> index.index(alice, subject, null));
        assertEquals(List.of(), words.asked());
    }

    @Test
    void aLimitBelowOneIsRefusedBeforeTheModelIsAsked() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> index.search(alice, "sky", 0));
        assertEquals("a search returns at least 1 result, not 0", refused.getMessage());
        assertEquals(List.of(), words.asked());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no embedding", "two embeddings", "another label", "too short", "all zeros", "not a number",
            "infinite"})
    void anUnusableAnswerOfTheModelIsRefusedAndNothingIsStored(String answer) {
        Map<String, List<Embedding>> answers = Map.of(
                "no embedding", List.of(),
                "two embeddings", List.of(words("sky"), words("sea")),
                "another label", List.of(new Embedding("words-v2", new float[] {1, 0, 0, 0, 0})),
                "too short", List.of(new Embedding("words-v1", new float[] {1, 0, 0, 0})),
                "all zeros", List.of(new Embedding("words-v1", new float[5])),
                "not a number", List.of(new Embedding("words-v1", new float[] {1, Float.NaN, 0, 0, 0})),
                "infinite", List.of(new Embedding("words-v1", new float[] {Float.POSITIVE_INFINITY, 0, 0, 0, 0})));
        EmbeddingIndex broken = new EmbeddingIndex(FakeModel.answering(text -> answers.get(answer)), vectors,
                Clock.systemUTC());

        Subject subject = new Subject("message", "m");
        EmbeddingException refused = assertThrows(EmbeddingException.class, () -> broken.index(alice, subject, "sky"));
        assertTrue(refused.getMessage().startsWith("the embedding model 'words-v1' "), refused.getMessage());
        assertThrows(EmbeddingException.class, () -> broken.search(alice, "sky", 10));
        assertEquals(0, vectors.delete(alice, subject), "nothing was stored");
    }

    @Test
    void theModelsRefusalsSayWhatWasWrong() {
        EmbeddingIndex shortVectors = new EmbeddingIndex(
                FakeModel.answering(text -> List.of(new Embedding("words-v1", new float[] {1, 0}))), vectors, Clock.systemUTC());
        EmbeddingException refused = assertThrows(EmbeddingException.class, () -> shortVectors.search(alice, "sky", 10));
        assertEquals("the embedding model 'words-v1' made a vector of 2 dimensions instead of 5", refused.getMessage());

        EmbeddingIndex relabelled = new EmbeddingIndex(
                FakeModel.answering(text -> List.of(new Embedding("words-v2", new float[] {1, 0, 0, 0, 0}))), vectors,
                Clock.systemUTC());
        refused = assertThrows(EmbeddingException.class, () -> relabelled.search(alice, "sky", 10));
        assertEquals("the embedding model 'words-v1' labelled its vector 'words-v2'", refused.getMessage());
    }

    private Embedding words(String text) {
        return words.embed(List.of(text)).getFirst();
    }
}
