package dev.mosaic.benchmarks;

import dev.mosaic.domain.routing.Classification;
import dev.mosaic.domain.routing.Complexity;
import dev.mosaic.domain.routing.CostTier;
import dev.mosaic.domain.routing.Label;
import dev.mosaic.domain.routing.TaskClassifier;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.routing.TaskType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How well {@link TaskClassifier} labels hand-labelled messages: accuracy per field, the confusion
 * matrices of task type and complexity, and every message it got wrong. Two sets: the evaluation
 * set, which the classifier's rules were refined against, and a held-out set that was never used
 * for that, so the gap between the two shows how far the rules generalise. Run with
 * {@code ./mosaic routing-eval}.
 */
public final class ClassifierEvaluation {

    public static final String EVALUATION_SET = "/routing/classifier-eval.tsv";
    public static final String HELD_OUT_SET = "/routing/classifier-holdout.tsv";

    /** One labelled message; costTier is null where the set leaves it out. */
    public record Example(TaskType taskType, Complexity complexity, TaskDomain domain, CostTier costTier, String text) {
    }

    /** One message and what the classifier made of it. */
    public record Outcome(Example expected, Classification actual) {

        boolean taskTypeRight() {
            return expected.taskType() == actual.taskType();
        }

        boolean complexityRight() {
            return expected.complexity() == actual.complexity();
        }

        boolean domainRight() {
            return expected.domain() == actual.domain();
        }

        boolean costTierRight() {
            return expected.costTier() == actual.costTier();
        }

        boolean allRight() {
            return taskTypeRight() && complexityRight() && domainRight() && (expected.costTier() == null || costTierRight());
        }
    }

    /** How many labelled messages a field was right for. */
    public record Score(long right, long labelled) {

        public double accuracy() {
            return labelled == 0 ? Double.NaN : right / (double) labelled;
        }
    }

    /** The outcome of every message, and the score per field. */
    public record Report(List<Outcome> outcomes) {

        public Score taskType() {
            return score(outcome -> true, Outcome::taskTypeRight);
        }

        public Score complexity() {
            return score(outcome -> true, Outcome::complexityRight);
        }

        public Score domain() {
            return score(outcome -> true, Outcome::domainRight);
        }

        /** Over the messages whose cost tier is labelled. */
        public Score costTier() {
            return score(outcome -> outcome.expected().costTier() != null, Outcome::costTierRight);
        }

        private Score score(Predicate<Outcome> labelled, Predicate<Outcome> right) {
            List<Outcome> counted = outcomes.stream().filter(labelled).toList();
            return new Score(counted.stream().filter(right).count(), counted.size());
        }
    }

    public static void main(String[] args) {
        TaskClassifier classifier = new TaskClassifier();
        for (String set : List.of(EVALUATION_SET, HELD_OUT_SET)) {
            List<Example> examples = load(set);
            print(set, examples.size(), evaluate(classifier, examples));
        }
    }

    private static void print(String set, int size, Report report) {
        System.out.printf(Locale.ROOT, "%nTask classifier on %d labelled messages (%s)%n%n", size, set);
        System.out.println("| field | right | accuracy |");
        System.out.println("|---|---|---|");
        row("taskType", report.taskType());
        row("complexity", report.complexity());
        row("domain", report.domain());
        row("costTier", report.costTier());
        System.out.println();
        confusion("taskType", report, TaskType.values(), outcome -> outcome.expected().taskType(),
                outcome -> outcome.actual().taskType());
        confusion("complexity", report, Complexity.values(), outcome -> outcome.expected().complexity(),
                outcome -> outcome.actual().complexity());
        List<Outcome> misses = report.outcomes().stream().filter(outcome -> !outcome.allRight()).toList();
        System.out.printf(Locale.ROOT, "Misses (%d messages with at least one field wrong; labelled → classified):%n%n",
                misses.size());
        for (Outcome miss : misses) {
            System.out.printf(Locale.ROOT, "- %s: %s (confidence %.2f; %s)%n", differences(miss), excerpt(miss.expected().text()),
                    miss.actual().confidence(), String.join(", ", miss.actual().features()));
        }
    }

    public static Report evaluate(TaskClassifier classifier, List<Example> examples) {
        return new Report(examples.stream().map(example -> new Outcome(example, classifier.classify(example.text()))).toList());
    }

    /** A labelled set: tab-separated taskType, complexity, domain, costTier (may be empty) and text. */
    public static List<Example> load(String set) {
        try (InputStream in = ClassifierEvaluation.class.getResourceAsStream(set)) {
            if (in == null) {
                throw new IllegalStateException(set + " is not on the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Example> examples = new ArrayList<>();
            boolean header = true;
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 5) {
                    throw new IllegalStateException(set + " line " + number + ": expected 5 tab-separated fields, found "
                            + fields.length);
                }
                examples.add(new Example(TaskType.parse(fields[0]), Complexity.parse(fields[1]), TaskDomain.parse(fields[2]),
                        fields[3].isBlank() ? null : CostTier.parse(fields[3]), unescape(fields[4])));
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Undoes the set's escapes: {@code \n}, {@code \t} and {@code \\}. */
    static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                text.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '\\' -> '\\';
                    default -> throw new IllegalArgumentException("unknown escape \\" + next + " in: " + field);
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static void row(String field, Score score) {
        System.out.printf(Locale.ROOT, "| %s | %d / %d | %.1f%% |%n", field, score.right(), score.labelled(),
                score.accuracy() * 100);
    }

    private static <L extends Label> void confusion(String field, Report report, L[] labels, Function<Outcome, L> expected,
            Function<Outcome, L> actual) {
        System.out.printf(Locale.ROOT, "%s confusion (rows: labelled, columns: classified)%n%n", field);
        StringBuilder head = new StringBuilder("| labelled \\ classified |");
        StringBuilder rule = new StringBuilder("|---|");
        for (L label : labels) {
            head.append(' ').append(label.label()).append(" |");
            rule.append("---|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (L row : labels) {
            StringBuilder line = new StringBuilder("| " + row.label() + " |");
            for (L column : labels) {
                long count = report.outcomes().stream()
                        .filter(outcome -> expected.apply(outcome) == row && actual.apply(outcome) == column).count();
                line.append(' ').append(count).append(" |");
            }
            System.out.println(line);
        }
        System.out.println();
    }

    private static String differences(Outcome outcome) {
        List<String> wrong = new ArrayList<>();
        Example expected = outcome.expected();
        Classification actual = outcome.actual();
        if (!outcome.taskTypeRight()) {
            wrong.add(expected.taskType().label() + " → " + actual.taskType().label());
        }
        if (!outcome.complexityRight()) {
            wrong.add(expected.complexity().label() + " → " + actual.complexity().label());
        }
        if (!outcome.domainRight()) {
            wrong.add(expected.domain().label() + " → " + actual.domain().label());
        }
        if (expected.costTier() != null && !outcome.costTierRight()) {
            wrong.add(expected.costTier().label() + " → " + actual.costTier().label());
        }
        return String.join(", ", wrong);
    }

    private static String excerpt(String text) {
        String line = text.replace('\n', ' ').replace('\t', ' ').strip();
        return '"' + (line.length() > 90 ? line.substring(0, 87) + "..." : line) + '"';
    }
}
