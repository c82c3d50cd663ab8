package dev.mosaic.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.benchmarks.ClassifierEvaluation.Example;
import dev.mosaic.benchmarks.ClassifierEvaluation.Report;
import dev.mosaic.domain.routing.Complexity;
import dev.mosaic.domain.routing.TaskClassifier;
import dev.mosaic.domain.routing.TaskType;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Holds the task classifier to its targets on the labelled evaluation set, so that a regression cannot land silently. */
class ClassifierEvaluationTest {

    @Test
    void theClassifierMeetsItsTargetsOnTheEvaluationSet() {
        Report report = ClassifierEvaluation.evaluate(new TaskClassifier(),
                ClassifierEvaluation.load(ClassifierEvaluation.EVALUATION_SET));
        double taskType = report.taskType().accuracy();
        double complexity = report.complexity().accuracy();
        assertTrue(taskType >= 0.90, () -> String.format(Locale.ROOT,
                "taskType accuracy %.1f%% is under 90%%; ./mosaic routing-eval lists the misses", taskType * 100));
        assertTrue(complexity >= 0.80, () -> String.format(Locale.ROOT,
                "complexity accuracy %.1f%% is under 80%%; ./mosaic routing-eval lists the misses", complexity * 100));
    }

    @Test
    void theEvaluationSetCoversEveryTaskTypeAndComplexity() {
        List<Example> examples = ClassifierEvaluation.load(ClassifierEvaluation.EVALUATION_SET);
        assertTrue(examples.size() >= 240, "messages: " + examples.size());
        for (TaskType type : TaskType.values()) {
            long count = examples.stream().filter(example -> example.taskType() == type).count();
            assertTrue(count >= 30, type.label() + ": " + count);
        }
        for (Complexity complexity : Complexity.values()) {
            assertTrue(examples.stream().anyMatch(example -> example.complexity() == complexity), complexity.label());
        }
        assertEquals(60, ClassifierEvaluation.load(ClassifierEvaluation.HELD_OUT_SET).size());
    }

    @Test
    void theSetsEscapesAreUndone() {
        assertEquals("a\nb\tc\\d", ClassifierEvaluation.unescape("a\\nb\\tc\\\\d"));
    }

    @Test
    void benchmarkMessagesHaveTheSizeTheyAreNamedFor() {
        assertEquals(ClassifierBenchmark.message(50), ClassifierBenchmark.message(50));
        assertTrue(ClassifierBenchmark.message(50).length() <= 50);
        for (int bytes : new int[] {2048, 32768}) {
            int length = ClassifierBenchmark.message(bytes).length();
            assertTrue(length > bytes - 100 && length <= bytes, bytes + ": " + length);
        }
    }
}
