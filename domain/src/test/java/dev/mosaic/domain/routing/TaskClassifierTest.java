package dev.mosaic.domain.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskClassifierTest {

    private static final String ARTICLE = "The city council voted 7-2 on Tuesday to approve a network of protected bike "
            + "lanes across the downtown core. The plan adds 14 kilometres of lanes, removes about 300 parking spaces "
            + "and converts two one-way streets. Business owners on Main Street said the loss of parking would hurt "
            + "them. Work on the first phase begins in April.";

    private final TaskClassifier classifier = new TaskClassifier();

    @Test
    void smallTalkAndTriviaAreCheapSimpleConversation() {
        for (String text : List.of("what time is it", "what is the capital of Australia", "Wie spät ist es?",
                "Quelle heure est-il ?", "hi!", "thanks, that worked")) {
            Classification classification = classifier.classify(text);
            assertEquals(TaskType.CONVERSATION, classification.taskType(), text);
            assertEquals(Complexity.SIMPLE, classification.complexity(), text);
            assertEquals(CostTier.CHEAP, classification.costTier(), text);
        }
    }

    @Test
    void aTriviaQuestionIsNotResearch() {
        Classification capital = classifier.classify("what is the capital of Australia");
        assertEquals(TaskType.CONVERSATION, capital.taskType());
        assertTrue(capital.features().contains("short-question"), capital.features().toString());
    }

    @Test
    void askingTheTimeNeedsALiveClock() {
        assertTrue(classifier.classify("what time is it").requires(RequiredCapability.TOOLS));
    }

    @ParameterizedTest
    @MethodSource("summaries")
    void summarizeAsksAreSummarizationInEachLanguage(String text, String language) {
        Classification classification = classifier.classify(text);
        assertEquals(TaskType.SUMMARIZATION, classification.taskType(), text);
        assertTrue(classification.features().contains(language), classification.features().toString());
    }

    static Stream<Arguments> summaries() {
        return Stream.of(
                Arguments.of("Summarize this article: " + ARTICLE, "lang:en"),
                Arguments.of("Fasse diesen Text zusammen: Die Bundesregierung hat am Mittwoch ein neues Förderprogramm für "
                        + "Ladesäulen beschlossen. Gemeinden können Zuschüsse beantragen. Kritiker bemängeln das Verfahren.",
                        "lang:de"),
                Arguments.of("Résume cet article : La ville de Lyon a annoncé lundi un plan de végétalisation des cours "
                        + "d'école. Une centaine d'établissements sont concernés. Certains parents s'inquiètent de la boue.",
                        "lang:fr"),
                Arguments.of("tl;dr pls\n\n" + ARTICLE, "lang:en"));
    }

    @Test
    void theSummarizeVerbIsReported() {
        assertTrue(classifier.classify("Summarize this article: " + ARTICLE).features().contains("verb:summarize"));
    }

    @Test
    void aSystemToDesignAndBuildIsComplexCodingWorthAPremiumModel() {
        Classification classification = classifier.classify("Design and implement a distributed rate limiter in Go backed "
                + "by Redis, with tests, metrics and a migration plan for our existing API gateway");
        assertEquals(TaskType.CODING, classification.taskType());
        assertEquals(Complexity.COMPLEX, classification.complexity());
        assertEquals(CostTier.PREMIUM, classification.costTier());
        assertEquals(TaskDomain.BACKEND, classification.domain());
    }

    @Test
    void aResearchAskWithSourcesIsResearch() {
        Classification classification = classifier.classify(
                "Research the current state of solid-state batteries and compare the main approaches, with sources");
        assertEquals(TaskType.RESEARCH, classification.taskType());
        assertTrue(classification.features().contains("verb:research"), classification.features().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Écris une fonction Python qui renvoie les n premiers nombres de Fibonacci.",
            "Schreib mir eine Python-Funktion, die prüft, ob eine Zahl eine Primzahl ist.",
            "how do i reverse a list in python"})
    void writingAFunctionIsCodingInEachLanguage(String text) {
        assertEquals(TaskType.CODING, classifier.classify(text).taskType());
    }

    @Test
    void eachLanguageIsReported() {
        assertTrue(classifier.classify("Écris une fonction Python qui trie une liste.").features().contains("lang:fr"));
        assertTrue(classifier.classify("Wie spät ist es?").features().contains("lang:de"));
        assertTrue(classifier.classify("what is the capital of Australia").features().contains("lang:en"));
    }

    @Test
    void theOtherTaskTypesAreRecognized() {
        assertEquals(TaskType.ANALYSIS, classifier.classify(
                "Should we use Kafka or RabbitMQ for order processing? Give me the trade-offs.").taskType());
        assertEquals(TaskType.CREATIVE, classifier.classify("write a haiku about debugging").taskType());
        assertEquals(TaskType.CREATIVE, classifier.classify("Schreib mir ein Gedicht über den Winter in Berlin.").taskType());
    }

    @Test
    void pastedCodeAndStackTracesAreCodingAndSaySo() {
        Classification trace = classifier.classify("Getting this when I start the app:\n\n"
                + "Exception in thread \"main\" java.lang.NullPointerException\n"
                + "    at com.acme.users.UserService.normalize(UserService.java:42)\n"
                + "    at com.acme.Main.main(Main.java:9)");
        assertEquals(TaskType.CODING, trace.taskType());
        assertTrue(trace.features().contains("stack-trace"), trace.features().toString());

        Classification fenced = classifier.classify("fix this pls\n```\nfor i in range(10)\n    print(i)\n```");
        assertEquals(TaskType.CODING, fenced.taskType());
        assertTrue(fenced.features().contains("code-fence"), fenced.features().toString());
    }

    @Test
    void anAskAboutPastedCodeIsTheAskNotTheCode() {
        Classification classification = classifier.classify("can you summarize the changes in this diff for the PR "
                + "description\n\n```diff\n-    Order place(Cart cart) {\n+    Order place(Cart cart, String key) {\n"
                + "+        if (orders.exists(key)) { return orders.get(key); }\n```");
        assertEquals(TaskType.SUMMARIZATION, classification.taskType());
    }

    @Test
    void wordsInPastedTextDoNotTakeOverTheAsk() {
        String article = "Writers at the festival were asked to write a poem and implement a new workshop format. "
                + ARTICLE + " Critics said the research was thin.";
        assertEquals(TaskType.SUMMARIZATION, classifier.classify("Summarize this article: " + article).taskType());
    }

    @Test
    void confidenceReflectsTheMarginOverTheRunnerUp() {
        double clear = classifier.classify("Summarize this article: " + ARTICLE).confidence();
        double nothingFired = classifier.classify("purple elephants").confidence();
        assertTrue(clear > 0.6, "clear: " + clear);
        assertTrue(nothingFired < 0.2, "nothing fired: " + nothingFired);
        assertEquals(TaskType.CONVERSATION, classifier.classify("purple elephants").taskType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   \n\t  \n", "\u0000\u0001", "?!", "..."})
    void blankOrEmptyIsSimpleConversationWithLowConfidence(String text) {
        Classification classification = classifier.classify(text);
        assertEquals(TaskType.CONVERSATION, classification.taskType());
        assertEquals(Complexity.SIMPLE, classification.complexity());
        assertTrue(classification.confidence() < 0.2, "confidence " + classification.confidence());
    }

    @Test
    void aHugeInputNeedsALongContextAndIsStillReadByItsAsk() {
        StringBuilder book = new StringBuilder("Summarize this book for me:\n\n");
        while (book.length() < 200_000) {
            book.append(ARTICLE).append("\n\n");
        }
        Classification classification = classifier.classify(book.toString());
        assertEquals(TaskType.SUMMARIZATION, classification.taskType());
        assertTrue(classification.requires(RequiredCapability.LONG_CONTEXT));
        assertTrue(classification.features().contains("long-input"), classification.features().toString());
        assertFalse(classifier.classify(ARTICLE).requires(RequiredCapability.LONG_CONTEXT));
    }

    @Test
    void capabilitiesFollowWhatTheAskNeeds() {
        assertTrue(classifier.classify("search the web for the latest Postgres release notes").requires(RequiredCapability.TOOLS));
        assertTrue(classifier.classify("here's a screenshot of the error, what's wrong?").requires(RequiredCapability.VISION));
        assertTrue(classifier.classify("prove that the square root of 2 is irrational").requires(RequiredCapability.REASONING));
        assertTrue(classifier.classify("explain the whole repo to me").requires(RequiredCapability.LONG_CONTEXT));
        assertTrue(classifier.classify("write a haiku about autumn").requiredCapabilities().isEmpty());
    }

    @Test
    void anExplicitAskForSpeedOrCareSetsTheCostTier() {
        assertEquals(CostTier.CHEAP, classifier.classify("quick one: how do I read a file line by line in Go?").costTier());
        assertEquals(CostTier.PREMIUM, classifier.classify(
                "Be thorough: compare the main theories on why the Western Roman Empire fell").costTier());
        assertEquals(CostTier.STANDARD, classifier.classify("Write unit tests for this function using pytest").costTier());
    }

    @Test
    void theDomainFollowsTheStack() {
        assertEquals(TaskDomain.FRONTEND, classifier.classify("why does my css grid overflow on mobile screens?").domain());
        assertEquals(TaskDomain.DEVOPS, classifier.classify("Write a Dockerfile for a Spring Boot app, multi-stage").domain());
        assertEquals(TaskDomain.BACKEND, classifier.classify("optimize this SQL query on our Postgres database").domain());
        assertEquals(TaskDomain.DOCS, classifier.classify("Write a README for our project with setup steps").domain());
        assertEquals(TaskDomain.GENERAL, classifier.classify("write a poem about the sea").domain());
    }

    @Test
    void complexityRisesWithRequirementsAndFallsWithAQuickAsk() {
        assertEquals(Complexity.SIMPLE, classifier.classify("python one-liner to flatten a list of lists").complexity());
        assertEquals(Complexity.MODERATE, classifier.classify(
                "Write a function that checks if a string is a palindrome, ignoring spaces and punctuation. JavaScript please.")
                .complexity());
        assertEquals(Complexity.COMPLEX, classifier.classify("Build a complete authentication system for our app: signup "
                + "with verification emails, OAuth with Google and GitHub, refresh tokens, rate limiting on login, a "
                + "password reset flow and an admin page. Production ready, with tests.").complexity());
    }

    @Test
    void theSameTextAlwaysGetsTheSameClassification() {
        String text = "Research the current state of solid-state batteries and compare the main approaches, with sources";
        assertEquals(classifier.classify(text), classifier.classify(text));
        assertEquals(classifier.classify(text), new TaskClassifier().classify(text));
    }

    @Test
    void oneClassifierServesManyThreads() {
        List<String> texts = List.of("what time is it", "Summarize this article: " + ARTICLE,
                "Design and implement a distributed rate limiter in Go", "write a haiku about debugging");
        List<Classification> alone = texts.stream().map(classifier::classify).toList();
        IntStream.range(0, 400).parallel().forEach(i -> assertEquals(alone.get(i % texts.size()),
                classifier.classify(texts.get(i % texts.size()))));
    }

    @ParameterizedTest
    @MethodSource("arbitraryText")
    void anyStringIsClassifiedWithoutFailing(String text) {
        Classification classification = classifier.classify(text);
        assertTrue(classification.confidence() >= 0 && classification.confidence() <= 1);
        assertTrue(classification.features().size() <= 24);
    }

    /** Seeded random strings mixing words, code signs, control characters and lone surrogates, and edge cases. */
    static Stream<String> arbitraryText() {
        String[] pieces = {"summarize", "```", "at ", "(Foo.java:12)", ":", "http://", "-", ".", "'", "’", "\n", "\n\n",
                "\t", "    ", "é", "ß", "_", "camelCase", "snake_case", "a.b.c", "1,234", "%", "\ud800", "\udc00",
                "\u0000", "\u001b", "😀", "漢字", "step-by-step", "tl;dr", "c'est", "x".repeat(60), "-".repeat(30)};
        Random random = new Random(20261203);
        Stream<String> generated = IntStream.range(0, 200).mapToObj(i -> {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(40);
            for (int p = 0; p < parts; p++) {
                text.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextBoolean()) {
                    text.append((char) random.nextInt(0x10000));
                }
            }
            return text.toString();
        });
        return Stream.concat(Stream.of(":/", "http:", "https://x", "at (", "at (x:1)", "```", "`", "-a", "a-", ".a", "a.",
                "\ud83d", "1.", "1) ", "- ", "*", "\r\n\r\n"), generated);
    }
}
