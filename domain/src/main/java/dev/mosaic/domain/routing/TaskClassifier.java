package dev.mosaic.domain.routing;

import static dev.mosaic.domain.routing.TaskType.ANALYSIS;
import static dev.mosaic.domain.routing.TaskType.CODING;
import static dev.mosaic.domain.routing.TaskType.CONVERSATION;
import static dev.mosaic.domain.routing.TaskType.CREATIVE;
import static dev.mosaic.domain.routing.TaskType.RESEARCH;
import static dev.mosaic.domain.routing.TaskType.SUMMARIZATION;

import dev.mosaic.domain.routing.ClassifierLexicon.Cue;
import dev.mosaic.domain.routing.ClassifierLexicon.Language;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Says what a message is, locally and in microseconds, so that a routing rule can pick a model for
 * it: rule-based, from weighted words and phrases (English, German and French for the common ones)
 * and from the shape of the text (code fences, stack traces, identifiers, data tables, list items).
 * The same text always gets the same classification. Immutable and safe to share between threads.
 *
 * <p>Where a cue stands matters: the ask is usually the first paragraph (up to a colon that
 * introduces pasted text) or a short last paragraph, and a word there counts fully, a verb among
 * the first words twice; the same word inside pasted prose counts for a third and inside code or
 * data not at all. Long messages are read at their start and end only (see {@link MessageScan}).
 */
public final class TaskClassifier {

    /** Above this many characters a message needs a model with a long context window. */
    public static final int LONG_INPUT_CHARS = 60_000;

    /** What conversation scores before any cue, so that a message where nothing fired is conversation. */
    private static final double CONVERSATION_PRIOR = 0.3;
    private static final int LEAD_WORDS = 8;
    /** What a verb among the first words counts: it names the task. */
    private static final double LEAD_VERB = 2;
    private static final int TRAILING_PARAGRAPH_TOKENS = 40;
    /** Research finds what the message does not bring; with this many lines of material, it is seldom the task. */
    private static final int GIVEN_MATERIAL_LINES = 3;
    private static final int SHORT_QUESTION_TOKENS = 14;
    private static final double CODE_EVIDENCE_CAP = 4.5;
    /**
     * How far subjects and structure (words other than verbs, code, data) can push one task type, so
     * that an explicit verb ("summarize this diff") still names the task.
     */
    private static final double SUBJECT_CAP = 6;
    /** How far words inside pasted text can push one task type, however long the text. */
    private static final double PASTED_CAP = 2;
    private static final double DOMAIN_THRESHOLD = 1.5;
    private static final int MAX_FEATURES = 24;

    /** Where in the message a cue fired, and how much it counts for the task type there. */
    private enum Place {
        /** The first words of the ask, where the task is usually named. */
        LEAD(1.5),
        ASK(1),
        /** A short last paragraph after pasted material: a question about it. */
        TRAILING(0.9),
        /** Inside pasted prose. */
        PASTED(0.35),
        /** Inside code or data: what the message is about, not what it asks. */
        CONTENT(0);

        final double taskWeight;

        Place(double taskWeight) {
            this.taskWeight = taskWeight;
        }

        boolean asked() {
            return this == LEAD || this == ASK || this == TRAILING;
        }
    }

    private final ClassifierLexicon lexicon = vocabulary();

    /** @throws NullPointerException if there is no text; an empty one is fine */
    public Classification classify(String text) {
        Objects.requireNonNull(text, "text");
        MessageScan scan = new MessageScan(lexicon);
        scan.scan(text);
        Tally tally = new Tally();
        Language language = language(scan);
        if (language != null) {
            tally.features.add("lang:" + language.name().toLowerCase(Locale.ROOT));
        }
        for (int i = 0; i < scan.hitCount; i++) {
            tally.add(scan.hitCues[i], place(scan, i));
        }
        tally.subjects[CODING.ordinal()] += codeEvidence(scan, tally.fileNames, tally.features);
        if (scan.dataLines >= 3) {
            tally.subjects[ANALYSIS.ordinal()] += 2;
            tally.features.add("data-table");
        } else if (scan.numbers >= 6 || scan.percents >= 2) {
            tally.subjects[ANALYSIS.ordinal()] += 1;
            tally.features.add("numbers");
        }
        boolean shortQuestion = scan.firstIsQuestionWord && scan.tokens <= SHORT_QUESTION_TOKENS;
        if (shortQuestion) {
            tally.subjects[CONVERSATION.ordinal()] += 2;
            tally.features.add("short-question");
        }
        tally.total();
        if (scan.bodyLines >= GIVEN_MATERIAL_LINES) {
            tally.types[RESEARCH.ordinal()] *= 0.6;
        }

        TaskType type = tally.bestType();
        Complexity complexity = complexity(scan, type, shortQuestion, tally.complexCues(type),
                Math.min(tally.simpleCues, 2.5), text.length());
        CostTier cost;
        if (tally.premiumAsk) {
            cost = CostTier.PREMIUM;
        } else if (tally.cheapAsk) {
            cost = CostTier.CHEAP;
        } else if (complexity == Complexity.COMPLEX && (type == CODING || type == ANALYSIS)) {
            cost = CostTier.PREMIUM;
        } else if (type == CONVERSATION && complexity == Complexity.SIMPLE) {
            cost = CostTier.CHEAP;
        } else {
            cost = CostTier.STANDARD;
        }
        if (text.length() > LONG_INPUT_CHARS) {
            tally.capabilities.add(RequiredCapability.LONG_CONTEXT);
            tally.features.add("long-input");
        }
        if (scan.urls > 0 && scan.tokens <= 60) {
            tally.capabilities.add(RequiredCapability.TOOLS);
            tally.features.add("url");
        }
        List<String> features = new ArrayList<>(tally.features);
        return new Classification(type, complexity, tally.bestDomain(), cost, tally.capabilities,
                tally.confidence(type), features.size() > MAX_FEATURES ? features.subList(0, MAX_FEATURES) : features);
    }

    /** What the cues of one message add up to. */
    private static final class Tally {
        final double[] verbs = new double[TaskType.values().length];
        final double[] subjects = new double[TaskType.values().length];
        final double[] pasted = new double[TaskType.values().length];
        /** The score of each task type, once {@link #total()} has added up the parts. */
        final double[] types = new double[TaskType.values().length];
        final double[] domains = new double[TaskDomain.values().length];
        double complexCues;
        double simpleCues;
        /** Complexity cues that count only for one task type, known once the type is. */
        final double[] complexCuesFor = new double[TaskType.values().length];
        final List<Cue> scoped = new ArrayList<>();
        boolean cheapAsk;
        boolean premiumAsk;
        boolean fileNames;
        final EnumSet<RequiredCapability> capabilities = EnumSet.noneOf(RequiredCapability.class);
        final Set<String> features = new LinkedHashSet<>();


        void add(Cue cue, Place place) {
            switch (cue.kind()) {
                case VERB, TASK -> {
                    int type = cue.type().ordinal();
                    switch (place) {
                        case CONTENT -> {
                            return;
                        }
                        case PASTED -> pasted[type] += cue.weight() * place.taskWeight;
                        default -> {
                            if (cue.kind() == ClassifierLexicon.Kind.VERB) {
                                verbs[type] += cue.weight() * (place == Place.LEAD ? LEAD_VERB : place.taskWeight);
                            } else {
                                subjects[type] += cue.weight() * place.taskWeight;
                            }
                        }
                    }
                }
                case COMPLEXITY -> {
                    if (!place.asked()) {
                        return;
                    }
                    if (cue.type() != null) {
                        complexCuesFor[cue.type().ordinal()] += cue.weight();
                        scoped.add(cue);
                        return;
                    }
                    if (cue.weight() > 0) {
                        complexCues += cue.weight();
                    } else {
                        simpleCues -= cue.weight();
                    }
                }
                case DOMAIN -> domains[cue.domain().ordinal()] += cue.weight() * (place.asked() ? 1 : 0.6);
                case FILE_EXTENSION -> {
                    fileNames = true;
                    if (cue.domain() != null) {
                        domains[cue.domain().ordinal()] += cue.weight();
                    }
                }
                case COST -> {
                    if (!place.asked()) {
                        return;
                    }
                    cheapAsk |= cue.cost() == CostTier.CHEAP;
                    premiumAsk |= cue.cost() == CostTier.PREMIUM;
                }
                case CAPABILITY -> {
                    if (!place.asked()) {
                        return;
                    }
                    capabilities.add(cue.capability());
                }
                default -> throw new IllegalStateException("not recorded as a hit: " + cue.kind());
            }
            features.add(cue.feature());
        }

        void total() {
            for (TaskType type : TaskType.values()) {
                int i = type.ordinal();
                types[i] = verbs[i] + Math.min(subjects[i], SUBJECT_CAP) + Math.min(pasted[i], PASTED_CAP);
            }
            types[CONVERSATION.ordinal()] += CONVERSATION_PRIOR;
        }

        /** The highest score; conversation when nothing beat its prior. */
        TaskType bestType() {
            TaskType best = CONVERSATION;
            for (TaskType candidate : TaskType.values()) {
                if (types[candidate.ordinal()] > types[best.ordinal()]) {
                    best = candidate;
                }
            }
            return best;
        }

        /** The margin over the runner-up, damped when the evidence is thin. */
        double confidence(TaskType type) {
            double best = types[type.ordinal()];
            double second = 0;
            for (TaskType candidate : TaskType.values()) {
                if (candidate != type) {
                    second = Math.max(second, types[candidate.ordinal()]);
                }
            }
            return Math.clamp((best - second) / best * (1 - Math.exp(-best / 2.5)), 0, 1);
        }

        /** The complexity cues for all messages and those for this task type, each within its bounds. */
        double complexCues(TaskType type) {
            for (Cue cue : scoped) {
                if (cue.type() == type) {
                    features.add(cue.feature());
                }
            }
            double forType = Math.min(complexCuesFor[type.ordinal()], switch (type) {
                case CODING -> 3;
                case CREATIVE -> 2;
                case RESEARCH -> 1.2;
                case SUMMARIZATION, CONVERSATION -> 1;
                case ANALYSIS -> 0;
            });
            return Math.min(complexCues + forType, 3);
        }

        TaskDomain bestDomain() {
            TaskDomain best = TaskDomain.GENERAL;
            for (TaskDomain candidate : TaskDomain.values()) {
                if (domains[candidate.ordinal()] >= DOMAIN_THRESHOLD && domains[candidate.ordinal()] > domains[best.ordinal()]) {
                    best = candidate;
                }
            }
            return best;
        }
    }

    private static Place place(MessageScan scan, int hit) {
        int flags = scan.hitFlags[hit];
        if ((flags & MessageScan.CONTENT) != 0) {
            return Place.CONTENT;
        }
        int token = scan.hitTokens[hit];
        if ((flags & MessageScan.ASK) != 0 && token < scan.askEndToken) {
            return token < LEAD_WORDS ? Place.LEAD : Place.ASK;
        }
        if (scan.hitParagraphs[hit] == scan.lastParagraph && scan.lastParagraph > 0
                && scan.lastParagraphTokens <= TRAILING_PARAGRAPH_TOKENS) {
            return Place.TRAILING;
        }
        return Place.PASTED;
    }

    /** Code in the message, whatever words surround it; capped so that an explicit ask about pasted code still wins. */
    private static double codeEvidence(MessageScan scan, boolean fileNames, Set<String> features) {
        double evidence = fileNames ? 1 : 0;
        if (scan.fences > 0) {
            evidence += 2.5;
            features.add("code-fence");
        }
        if (scan.frames > 0) {
            evidence += 2;
            features.add("stack-trace");
        }
        if (scan.codeLines >= 2) {
            evidence += 1.5;
            features.add("code-lines");
        }
        if (scan.identifiers >= 2) {
            evidence += 1;
            features.add("identifiers");
        }
        if (scan.errorNames > 0) {
            evidence += 1.5;
            features.add("error-name");
        }
        if (scan.inlineCode >= 2) {
            evidence += 0.5;
            features.add("inline-code");
        }
        return Math.min(evidence, CODE_EVIDENCE_CAP);
    }

    private static Complexity complexity(MessageScan scan, TaskType type, boolean shortQuestion, double complexCues,
            double simpleCues, int length) {
        int words = scan.askTokens > 0 ? scan.askTokens : Math.min(scan.tokens, 20);
        double points;
        if (words <= 6) {
            points = -0.5;
        } else if (words <= 15) {
            points = 0;
        } else if (words <= 30) {
            points = 0.5;
        } else if (words <= 50) {
            points = 1;
        } else if (words <= 80) {
            points = 1.5;
        } else {
            points = 2;
        }
        double items = scan.askItems + scan.bulletLines * 0.5;
        if (items >= 8) {
            points += 2;
        } else if (items >= 6) {
            points += 1.5;
        } else if (items >= 4) {
            points += 1;
        } else if (items >= 2) {
            points += 0.5;
        }
        points += complexCues - simpleCues;
        // Pasted material to work through: many lines, or a long text.
        if (length > 12_000) {
            points += 1;
        } else if (length > 4_000 || scan.bodyLines >= 5) {
            points += 0.5;
        }
        points += switch (type) {
            case CONVERSATION -> -0.5;
            case SUMMARIZATION -> 0;
            case CODING, RESEARCH, ANALYSIS, CREATIVE -> 0.5;
        };
        if (shortQuestion) {
            points -= 0.5;
        }
        return points >= 3 ? Complexity.COMPLEX : points >= 1 ? Complexity.MODERATE : Complexity.SIMPLE;
    }

    private static Language language(MessageScan scan) {
        Language best = null;
        int bestCount = 0;
        boolean tie = false;
        for (Language language : Language.values()) {
            int count = scan.languages[language.ordinal()];
            if (count > bestCount) {
                best = language;
                bestCount = count;
                tie = false;
            } else if (count == bestCount) {
                tie = true;
            }
        }
        boolean enough = bestCount >= 2 || (bestCount == 1 && scan.tokens <= 3);
        return enough && !tie ? best : null;
    }

    /** The words and phrases, with what they say. Weights: 3 and more decide alone, 1 only tips a balance. */
    private static ClassifierLexicon vocabulary() {
        return new ClassifierLexicon.Builder()
                // Coding
                .verbs(CODING, 3, "implement", "implementiere", "implémente", "implémenter", "refactor",
                        "refactoriser", "debug", "debugge", "débogue")
                .verbs(CODING, 2, "fix", "optimize this", "convert this", "rewrite this")
                .task(CODING, 3, "code", "code", "coding", "codebase", "programming", "programmieren", "function",
                        "functions", "fonction", "funktion", "regex", "regexp", "unit test", "unit tests", "pytest", "junit",
                        "jest", "stack trace", "stacktrace", "traceback", "exception", "nullpointerexception", "segfault",
                        "syntax error", "compiler", "compile error", "compilation error", "dockerfile", "one-liner", "bash", "shell script",
                        "async", "await", "endpoint", "sql", "css", "html", "div", "jsx", "tsx", "webpack", "eslint",
                        "git", "pull request", "merge conflict", "typescript", "javascript", "js", "python", "java", "golang",
                        "in go", "kotlin", "ruby", "php", "csharp", "scala", "elixir", "haskell", "node.js", "nodejs",
                        "react", "vue", "angular", "svelte", "next.js", "nextjs", "django", "flask", "fastapi",
                        "spring boot", "rails", "laravel", "flutter", "gradle", "maven", "npm", "helm chart", "terraform",
                        "k8s", "algorithm", "algorithmus", "algorithme")
                .task(CODING, 1.5, "code", "script", "skript", "rust", "node", "express", "spring", "kubernetes", "docker",
                        "yaml", "json", "api", "query", "migration", "bug", "bugs", "error", "fehler", "erreur", "crash",
                        "crashes", "variable", "loop", "array", "class", "method", "component", "hook", "props", "schema",
                        "library", "framework", "cli", "sdk", "repo", "commit", "diff", "pr", "pip")
                .task(CODING, 3, "code", "snippet", "indexerror", "typeerror", "valueerror", "keyerror",
                        "attributeerror", "segmentation fault", "undefined is not a function", "middleware", "jwt",
                        "list comprehension", "dataframe", "pandas", "numpy", "sql statement", "sql-statement",
                        "fehlermeldung", "requête sql", "deno", "bun", "lambda", "recursion", "recursive", "struct",
                        "enum", "interface", "localhost", "docker image", "cron expression", "http handler", "handler",
                        "sqlite", "celery", "sigkill", "segfaults", "golang", "go code", "in go")
                .task(CODING, 1.5, "code", "throws", "throwing", "dict", "dictionary", "klasse", "classe", "methode",
                        "programm", "programme", "requête", "index", "port")
                .task(CODING, 1, "code", "test", "tests", "build")
                // Research
                .verbs(RESEARCH, 3, "research", "recherche", "recherchiere", "recherchieren", "investigate",
                        "look into", "dig into", "find out", "finde heraus", "look up", "search for", "search the web",
                        "literature review", "deep dive")
                .task(RESEARCH, 2, "research", "sources", "source", "quellen", "cite", "citations", "references",
                        "bibliography", "bibliographie", "studies", "studien", "études", "étude", "papers", "peer-reviewed",
                        "literature", "forschung", "state of the art", "état de l'art", "current state", "latest",
                        "neueste", "dernières", "récentes", "recent", "news", "nachrichten", "actualités", "links",
                        "evidence", "case studies", "what are people saying", "survey", "surveys", "gather",
                        "compile a list", "find me", "trouve", "market", "competitors", "landscape", "alternatives",
                        "publications", "published", "any data", "what is known", "what's known", "what do we know",
                        "official sources", "offizielle quellen", "sources officielles", "meta-analysis", "meta-analyses",
                        "systematic review", "existing research", "statistics on", "statistiken", "statistiques",
                        "numbers on", "figures on", "benchmarks", "up to date", "up-to-date", "untersuchungen",
                        "reports on", "so far")
                .verbs(RESEARCH, 3, "chercher", "cherche", "cherchez", "such", "suche", "suchen", "look for")
                .task(RESEARCH, 1.5, "research", "current", "currently", "upcoming", "aktuell", "aktuelle",
                        "actuellement", "actuel", "actuelle")
                .task(RESEARCH, 1, "research", "this year")
                .task(RESEARCH, 1, "research", "find", "finde", "what happened", "looking for")
                // Summarization
                .verbs(SUMMARIZATION, 4, "summarize", "summarise", "zusammenfassen", "zusammenfassung", "fasse",
                        "fass", "fassen", "résume", "résumer", "résumez", "tl;dr", "tldr", "sum up", "sum it up",
                        "sum them up", "condense", "boil down", "recap", "synthétise", "synthèse")
                .task(SUMMARIZATION, 3, "summarization", "summary", "summaries", "gist", "key points", "main points",
                        "takeaways", "highlights", "shorten", "in a nutshell", "kernaussagen", "wichtigsten punkte",
                        "en bref", "points clés", "l'essentiel", "overview", "abstract", "synopsis", "what was decided",
                        "sum this up", "sum that up", "short version", "shorter version", "key findings", "main findings",
                        "kurzfassung", "das wichtigste", "in kürze", "en résumé", "grandes lignes", "rundown",
                        "meeting minutes", "write up", "write-up")
                .task(SUMMARIZATION, 1, "summarization", "zusammen", "bullet points", "stichpunkte", "one paragraph",
                        "one sentence", "einem satz", "une phrase", "in a sentence", "two sentences", "deux phrases",
                        "zwei sätzen", "in short", "two lines", "a few lines", "this article", "this text", "diesen text",
                        "cet article", "ce texte", "transcript", "meeting notes", "thread")
                // Conversation
                .task(CONVERSATION, 3, "conversation", "hi", "hello", "hey", "thanks", "thank you", "thx", "good morning",
                        "good night", "good evening", "how are you", "bonjour", "bonsoir", "salut", "merci", "hallo",
                        "danke", "guten morgen", "gute nacht", "guten abend", "wie geht", "ça va", "what time",
                        "wie spät", "quelle heure", "do you remember", "bye", "see you", "tschüss", "au revoir",
                        "how's it going", "morning", "hope you're doing well", "who are you", "what's your name",
                        "i'm bored")
                .task(CONVERSATION, 2, "conversation", "advice", "any advice", "tips", "recommend", "empfehlen",
                        "recommande", "recommander", "what should i", "how do i politely", "feel", "feeling",
                        "nervous", "worried", "lonely", "sad", "help me plan", "plan a trip", "trip", "vacation", "cook",
                        "recipe", "how do you say", "capital", "capitale", "hauptstadt", "lol", "tell me something",
                        "mock interview", "interview", "what's up", "opinion", "explain like", "eli5", "like i'm 5",
                        "why do they", "conseils", "conseil", "tipps", "astuces", "ratschlag", "hurt", "let it go",
                        "bedeutet", "signifie", "friend", "friends")
                .task(CONVERSATION, 1.5, "conversation", "mean")
                .task(CONVERSATION, 1, "conversation", "explain", "erkläre", "explique", "chat", "talk", "should i",
                        "who won", "who wrote")
                // Analysis
                .verbs(ANALYSIS, 3, "analyze", "analyse", "analysiere", "analysieren", "analysez", "evaluate",
                        "évalue", "évaluer", "bewerte", "bewerten", "assess", "critique", "interpret", "weigh",
                        "compare", "vergleiche", "comparez", "prove", "beweise", "démontre", "estimate", "schätze")
                .task(ANALYSIS, 3, "analysis", "analysis", "trade-offs", "tradeoffs", "trade offs", "pros and cons",
                        "nachteile", "inconvénients", "threat model", "decision matrix", "matrice de décision",
                        "entscheidungsmatrix", "root cause", "sentiment", "time complexity", "big-o",
                        "second-order effects", "what am i missing", "is it better", "significant", "statistically",
                        "likely cause", "most likely cause")
                .task(ANALYSIS, 2, "analysis", "comparison", "vergleich", "vs", "versus", "risks", "risk", "risky",
                        "risiken", "risiko", "risques", "risque", "trends", "trend", "impact", "implications",
                        "what's causing", "causing", "figure out", "break down", "review", "worth it", "good deal",
                        "gutes angebot", "which should", "should we", "which of these", "better to", "cost of ownership",
                        "tco", "save money", "funnel", "conversion", "retention", "churn", "positioned", "positioning",
                        "recommendation", "prioritize", "theories", "argument", "reasoning", "ce qui ressort",
                        "identify", "identifie", "cheapest way", "optimal", "proof", "regression", "correlation",
                        "strengths and weaknesses", "swot", "what's wrong with", "cause", "causes", "should i take",
                        "good idea", "bad idea", "downsides", "upsides", "drawbacks", "disadvantages", "advantages",
                        "hold up", "claims", "ursachen", "gründe", "rentable", "rentabel", "lohnt sich",
                        "vaut le coup", "profitable", "which option", "quelle option", "welche option",
                        "which is better", "performed better", "calculation", "check out", "für und gegen",
                        "pour et contre", "likely", "roughly", "approximately", "growth")
                .task(ANALYSIS, 1, "analysis", "why", "warum", "pourquoi", "better", "math", "calculate")
                // Creative
                .task(CREATIVE, 4, "creative", "poem", "poems", "poetry", "gedicht", "poème", "haiku", "limerick",
                        "limericks", "sonnet", "lyrics", "songtext", "short story", "kurzgeschichte",
                        "gutenachtgeschichte", "bedtime story", "fairy tale", "märchen", "conte", "screenplay", "drehbuch",
                        "scénario", "eulogy", "slogan", "tagline", "caption", "joke", "jokes", "witz", "blague", "pun",
                        "puns", "nouvelle", "trouve un nom",
                        "picture book", "children's book", "kinderbuch", "livre pour enfants")
                .task(CREATIVE, 3, "creative", "story", "stories", "geschichte", "histoire", "tale", "fable", "novel",
                        "song", "chanson", "rap", "verse", "toast", "speech", "discours", "rede", "cover letter",
                        "anschreiben", "lettre de motivation", "product description", "werbetext", "marketing copy",
                        "brainstorm", "invent", "invente", "erfinde", "make up", "imagine", "fictional",
                        "name ideas", "names for", "spruch", "rime", "reim", "about page",
                        "commercial", "in the style of", "one-shot", "worldbuilding")
                .task(CREATIVE, 2, "creative", "scene", "dialogue", "chapter", "pitch", "ideas", "concepts", "creative",
                        "funny", "lustig", "drôle", "catchy", "compose", "rédige", "welcome message", "out-of-office",
                        "wedding", "birthday", "hochzeit", "geburtstag", "anniversaire", "mariage", "character")
                .task(CREATIVE, 2, "creative", "fiction", "fantasy", "sci-fi", "letter", "lettre", "heartfelt", "plot",
                        "monologue", "come up with", "denk dir", "ausdenken", "witzig", "witzigen", "namen", "nom",
                        "greeting card", "play")
                .task(CREATIVE, 3, "creative", "stage play", "theaterstück", "pièce de théâtre")
                // Writing prose is creative when nothing says what else it is.
                .task(CREATIVE, 0.5, "creative", "write", "schreib", "schreibe", "écris", "écrire", "draft")
                .task(CREATIVE, 1, "creative", "names", "characters", "touching")
                .task(CREATIVE, 1.5, "creative", "campaign")
                .task(CREATIVE, 1, "creative", "name")
                // Complexity
                .complexity(2, "end-to-end", "end to end", "de bout en bout", "production-ready", "production ready",
                        "migration plan", "from scratch", "comprehensive", "umfassend", "literature review",
                        "state of the art", "état de l'art", "decision matrix", "matrice de décision", "threat model",
                        "roadmap")
                .complexity(1.5, "complete", "complet", "vollständig", "full", "deep dive", "scalable",
                        "phased", "each section", "section by section", "consolidated", "high availability",
                        "multi-tenant", "orchestrate")
                .complexity(1, "with tests", "load testing", "load test", "concurrent users", "metrics", "rollback",
                        "feature flags", "at least", "recommendation", "strategy", "strategie")
                // Building a system is complex work; weighing one up is not, by itself.
                .complexity(CODING, 2, "architecture", "architektur", "microservices", "microservice", "distributed",
                        "entwirf", "conçois", "saga", "sagas")
                .complexity(CODING, 1.5, "design")
                .complexity(CODING, 1, "production", "prod", "tests", "edge cases")
                // Research across several sources or options.
                .complexity(RESEARCH, 0.6, "research", "sources", "studies", "studien", "études", "papers", "citations",
                        "cite", "references", "bibliography", "bibliographie", "literature", "forschung", "evidence",
                        "links", "compare", "comparing", "comparison", "vergleiche", "benchmarks", "quellen",
                        "untersuchungen", "reports")
                // A summary shaped for a purpose or an audience, or sorted into parts.
                .complexity(SUMMARIZATION, 1, "action items", "owners", "themes", "decisions", "décidé", "audience",
                        "board", "management", "executives", "geschäftsführung", "direction", "one-page", "one page",
                        "une page", "newsletter", "both sides", "topics", "timestamps", "pain points", "exam",
                        "getrennt nach", "separately", "grouped by", "theme", "quotes", "ranked", "report", "team")
                // Advice on a person's situation, rather than small talk or a fact.
                .complexity(CONVERSATION, 1, "advice", "what would you do", "in my position", "help me plan",
                        "mock interview", "how do i approach", "how should i approach", "wie gehe ich", "worried",
                        "overwhelmed", "career", "careers", "conseils", "tipps", "ratschläge", "hurt", "feel", "feeling",
                        "how can i", "am besten", "what should i do")
                // Long forms take more than a line; whole works and worlds more still.
                .complexity(CREATIVE, 1, "story", "stories", "poem", "poème", "gedicht", "geschichte", "kurzgeschichte",
                        "gutenachtgeschichte", "histoire", "speech", "discours", "rede", "toast", "eulogy", "chapter",
                        "scene", "essay", "about page", "blog post", "cover letter", "lettre de motivation",
                        "anschreiben", "letter", "lettre", "play", "märchen", "conte", "fairy tale", "lyrics", "nouvelle")
                .complexity(CREATIVE, 1.5, "screenplay", "novel", "full script", "fictional world", "worldbuilding",
                        "interactive fiction", "branching", "one-shot", "campaign", "picture book", "children's book",
                        "three-act", "acts", "stage play")
                .complexity(-1.5, "quick question", "quick one", "quick answer", "quick summary", "quick look",
                        "be quick", "keep it quick", "quickly", "simple", "one-liner", "briefly", "real quick", "kurz",
                        "schnell", "rapide", "rapidement", "en bref", "one sentence", "in one word", "yes or no",
                        "keep it short", "haiku", "limerick", "slogan", "tagline", "caption", "joke", "two-line",
                        "one-line", "in a sentence", "in einem satz", "en une phrase")
                .complexity(-1, "short", "kurze", "kurzen", "court", "courte", "one paragraph", "tl;dr", "tldr",
                        "names for", "name ideas")
                // Domain
                .domain(TaskDomain.FRONTEND, 2, "frontend", "front-end", "react", "vue", "angular", "svelte", "css",
                        "html", "div", "dom", "browser", "jsx", "tsx", "tailwind", "webpack", "vite", "next.js", "nextjs",
                        "flutter", "android", "ios", "swiftui", "mobile app", "ui", "ux", "button", "layout", "responsive",
                        "accessibility", "wcag", "eslint", "prettier", "flexbox", "web app", "webapp", "landing page",
                        "figma", "design system")
                .domain(TaskDomain.FRONTEND, 1.5, "component", "components", "grid")
                .domain(TaskDomain.FRONTEND, 1, "front", "form")
                .domain(TaskDomain.BACKEND, 2, "backend", "back-end", "api", "apis", "endpoint", "rest api", "restful",
                        "grpc", "database", "datenbank", "base de données", "sql", "postgres", "postgresql", "mysql",
                        "mongodb", "redis", "kafka", "rabbitmq", "django", "flask", "fastapi", "node.js", "nodejs", "node",
                        "server", "servers", "serveur", "microservice", "microservices", "orm", "jdbc", "webflux", "rails",
                        "laravel", "auth", "authentication", "oauth", "websocket", "websockets", "graphql",
                        "event sourcing", "crud", "rate limiter", "idempotency", "bcrypt", "argon2id", "password hashing")
                .domain(TaskDomain.BACKEND, 1.5, "query", "queries", "schema", "migration", "latency", "cache", "queue",
                        "payment", "payments")
                .domain(TaskDomain.BACKEND, 1, "express", "spring", "transactions")
                .domain(TaskDomain.DEVOPS, 2, "devops", "docker", "dockerfile", "kubernetes", "k8s", "helm", "terraform",
                        "ansible", "ci", "cd", "ci/cd", "github actions", "gitlab ci", "jenkins", "deploy", "deployment",
                        "deployments", "aws", "gcp", "azure", "cloud", "s3", "ec2", "rds", "nginx", "cluster",
                        "prometheus", "grafana", "datadog", "monitoring", "observability", "on-call", "incident",
                        "outage", "runner", "runners", "vm", "vms", "datacenter", "data center", "data centers",
                        "availability zone", "backup", "backups", "sauvegarde", "sauvegardes", "cron", "infrastructure",
                        "infra", "hosting", "hébergement", "sre", "uptime", "graviton", "autoscaler", "hpa",
                        "feature flags", "502s", "502", "load balancer")
                .domain(TaskDomain.DEVOPS, 1.5, "container", "containers", "instances", "pipeline", "vault")
                .domain(TaskDomain.DOCS, 2, "readme", "documentation", "docs", "dokumentation", "contributing",
                        "changelog", "docstring", "docstrings", "javadoc", "api docs", "wiki", "user guide", "tutorial",
                        "release notes", "spec", ".md", ".rst")
                // Cost asks
                .cost(CostTier.CHEAP, "quick question", "quick one", "quick answer", "quick summary", "quick look",
                        "be quick", "keep it quick", "quickly", "real quick", "cheap", "cheaply",
                        "briefly", "kurz", "schnell", "rapide", "rapidement", "brièvement", "en bref")
                .cost(CostTier.PREMIUM, "thorough", "thoroughly", "best model", "strongest model", "most capable model",
                        "in depth", "in-depth", "gründlich", "ausführlich", "approfondi", "approfondie", "en détail",
                        "take your time")
                // Capabilities
                .capability(RequiredCapability.TOOLS, "run", "execute", "ausführen", "search the web",
                        "web search", "search online", "browse", "fetch", "google", "look up", "lookup", "website", "url",
                        "this link", "weather", "wetter", "météo", "stock price", "exchange rate", "right now",
                        "live data", "real-time", "real time", "latest", "news", "what time", "wie spät", "quelle heure",
                        "what day is it", "today's date", "days until", "search for", "find me")
                .capability(RequiredCapability.VISION, "screenshot", "screenshots", "this image", "the image",
                        "attached image", "image attached", "uploaded image", "cette image", "dieses bild",
                        "dem bild", "photo", "photos", "this picture", "the picture", "attached picture", "pic", "this diagram", "the diagram",
                        "this chart", "the chart", "bildschirmfoto", "foto", "capture d'écran", ".png", ".jpg",
                        ".jpeg", ".gif", ".webp")
                .capability(RequiredCapability.LONG_CONTEXT, "whole repo", "whole repository", "entire repo",
                        "entire repository", "entire codebase", "whole codebase", "whole book", "entire book",
                        "all the files", "every file", "ganze buch", "gesamte codebase", "ganzes repository",
                        "tout le livre", "tout le dépôt")
                .capability(RequiredCapability.REASONING, "prove", "proof", "beweise", "démontre", "step by step",
                        "step-by-step", "schritt für schritt", "étape par étape", "pas à pas", "trade-offs", "tradeoffs",
                        "trade offs", "math", "maths", "equation", "calculate", "berechne", "calcule", "probability",
                        "think it through", "reasoning", "reason about", "plan", "planning", "roadmap", "optimal",
                        "cheapest way", "decision matrix", "estimate", "significant", "puzzle")
                // Language
                .language(Language.EN, "the", "and", "is", "are", "to", "of", "it", "you", "for", "this", "that", "what",
                        "how", "my", "with", "can", "does", "be", "we", "our", "me", "please", "your", "have", "from",
                        "i", "hi", "hello", "thanks")
                .language(Language.DE, "und", "ist", "nicht", "ich", "mit", "für", "ein", "eine", "einen", "der", "die",
                        "das", "den", "dem", "zu", "wie", "es", "wir", "auf", "von", "diesen", "diese", "dieser", "mir",
                        "kannst", "bitte", "sind", "bei", "aus", "auch", "noch", "über", "oder", "sich", "wird", "mein",
                        "meine", "unser", "unsere", "uns", "hallo", "danke", "guten", "gibt", "welche")
                .language(Language.FR, "le", "la", "les", "et", "est", "une", "un", "pour", "que", "qui", "dans", "ce",
                        "cette", "je", "tu", "vous", "nous", "pas", "avec", "sur", "au", "aux", "mon", "ma", "mes",
                        "notre", "nos", "peux", "quelle", "quel", "quels", "quelles", "sont", "très", "bonjour", "salut",
                        "merci", "ça", "moi")
                .questionWords("what", "whats", "who", "when", "where", "which", "how", "is", "are", "do", "does", "wer",
                        "was", "wann", "wo", "wie", "welche", "welcher", "qui", "quoi", "quand", "où", "combien", "quel",
                        "quelle", "quels", "quelles", "comment")
                .conjunctions("and", "und", "et", "plus", "sowie", "as well as", "ainsi que")
                .deictics("this", "these", "following", "below", "attached", "pasted", "dies", "diesen", "dieses", "diese",
                        "dieser", "folgenden", "folgende", "ce", "cet", "cette", "ces", "suivant", "suivante", "ci-dessous")
                .extensions(null, ".java", ".py", ".js", ".ts", ".go", ".rs", ".rb", ".php", ".cs", ".cpp", ".kt",
                        ".swift", ".sh", ".json", ".xml", ".toml", ".gradle", ".c", ".h")
                .extensions(TaskDomain.FRONTEND, ".jsx", ".tsx", ".css", ".scss", ".html", ".vue", ".svelte")
                .extensions(TaskDomain.BACKEND, ".sql")
                .extensions(TaskDomain.DEVOPS, ".tf", ".yaml", ".yml")
                .build();
    }
}
