package dev.mosaic.domain.routing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The words and phrases {@link TaskClassifier} reacts to, and what each one says about a message.
 * Words are stored folded (lower case, accents removed) so that "Résume" and "resume" meet, in an
 * open-addressing table that is looked up with the characters of a token, without making a string.
 */
final class ClassifierLexicon {

    /** What a cue speaks to; a verb names the task ("summarize", "implement"), other task cues its subject. */
    enum Kind { VERB, TASK, COMPLEXITY, DOMAIN, COST, CAPABILITY, LANGUAGE, QUESTION_WORD, CONJUNCTION, DEICTIC, FILE_EXTENSION }

    /** Languages told apart by their most common short words. */
    enum Language { EN, DE, FR }

    /**
     * One thing a word or phrase says.
     *
     * @param weight how much it says; negative for complexity cues that point to a simple ask
     * @param type the task type a verb or task cue speaks for, or the only one a complexity cue counts for
     * @param feature the name reported when it fires, or null for cues too common to report
     */
    record Cue(Kind kind, String feature, double weight, TaskType type, TaskDomain domain, CostTier cost,
            RequiredCapability capability, Language language) {
    }

    /** A cue of several words, found when its last word arrives after the others. */
    record Phrase(int[] words, Cue cue) {
    }

    private static final Cue[] NO_CUES = {};
    private static final Phrase[] NO_PHRASES = {};

    /** Folded form of the Latin characters; 0 for characters that are not part of a word. */
    private static final char[] FOLD = new char[0x250];

    static {
        for (char c = 0; c < FOLD.length; c++) {
            if (c == '_') {
                FOLD[c] = '_';
            } else if (Character.isLetterOrDigit(c)) {
                char lower = Character.toLowerCase(c);
                char base = Normalizer.normalize(String.valueOf(lower), Normalizer.Form.NFD).charAt(0);
                FOLD[c] = Character.isLetter(base) ? base : lower;
            }
        }
    }

    /** The character as stored in the lexicon, or 0 if it ends a word. */
    static char fold(char c) {
        if (c < FOLD.length) {
            return FOLD[c];
        }
        return Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : 0;
    }

    static int hash(int hash, char folded) {
        return hash * 31 + folded;
    }

    private final char[][] keys;
    private final int[] hashes;
    private final int[] ids;
    private final int mask;
    private final int shift;
    private final Cue[][] cuesOf;
    private final Phrase[][] phrasesEndingWith;
    private final int longestWord;

    private ClassifierLexicon(Map<String, List<Cue>> entries) {
        Map<String, Integer> wordIds = new LinkedHashMap<>();
        for (String entry : entries.keySet()) {
            for (String word : words(entry)) {
                wordIds.putIfAbsent(word, wordIds.size());
            }
        }
        int size = Integer.highestOneBit(Math.max(4, wordIds.size() * 3)) << 1;
        keys = new char[size][];
        hashes = new int[size];
        ids = new int[size];
        mask = size - 1;
        shift = Integer.numberOfLeadingZeros(size) + 1;
        int longest = 0;
        for (Map.Entry<String, Integer> word : wordIds.entrySet()) {
            char[] key = word.getKey().toCharArray();
            int hash = hashOf(key, key.length);
            int slot = slot(hash);
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            hashes[slot] = hash;
            ids[slot] = word.getValue();
            longest = Math.max(longest, key.length);
        }
        longestWord = longest;
        List<List<Cue>> single = new ArrayList<>();
        List<List<Phrase>> phrases = new ArrayList<>();
        for (int i = 0; i < wordIds.size(); i++) {
            single.add(new ArrayList<>());
            phrases.add(new ArrayList<>());
        }
        for (Map.Entry<String, List<Cue>> entry : entries.entrySet()) {
            int[] words = words(entry.getKey()).stream().mapToInt(wordIds::get).toArray();
            if (words.length == 1) {
                single.get(words[0]).addAll(entry.getValue());
            } else {
                for (Cue cue : entry.getValue()) {
                    phrases.get(words[words.length - 1]).add(new Phrase(words, cue));
                }
            }
        }
        cuesOf = single.stream().map(list -> list.isEmpty() ? NO_CUES : list.toArray(Cue[]::new)).toArray(Cue[][]::new);
        phrasesEndingWith = phrases.stream().map(list -> list.isEmpty() ? NO_PHRASES : list.toArray(Phrase[]::new))
                .toArray(Phrase[][]::new);
    }

    /** The id of the folded word in {@code word[from, to)} whose hash is given, or -1 if no cue uses it. */
    int id(char[] word, int from, int to, int hash) {
        int length = to - from;
        if (length > longestWord) {
            return -1;
        }
        for (int slot = slot(hash); keys[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && sameWord(keys[slot], word, from, length)) {
                return ids[slot];
            }
        }
        return -1;
    }

    /** Spreads the hash's bits (Fibonacci hashing), since short words differ mostly in their low bits. */
    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    private static boolean sameWord(char[] key, char[] word, int from, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != word[from + i]) {
                return false;
            }
        }
        return true;
    }

    Cue[] cues(int id) {
        return cuesOf[id];
    }

    Phrase[] phrasesEndingWith(int id) {
        return phrasesEndingWith[id];
    }

    private static int hashOf(char[] word, int length) {
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = hash(hash, word[i]);
        }
        return hash;
    }

    /** Splits an entry as the scanner splits text: apostrophes and semicolons separate words, hyphens and dots join them. */
    private static List<String> words(String entry) {
        StringBuilder folded = new StringBuilder(entry.length());
        for (char c : entry.toCharArray()) {
            char f = fold(c);
            folded.append(f != 0 || c == '-' || c == '.' ? (f != 0 ? f : c) : ' ');
        }
        return Arrays.stream(folded.toString().split(" +")).filter(word -> !word.isEmpty()).toList();
    }

    /** Collects the entries; several cues may share a word. */
    static final class Builder {
        private final Map<String, List<Cue>> entries = new LinkedHashMap<>();

        /** Verbs that name the task; the feature is {@code verb:word}. */
        Builder verbs(TaskType type, double weight, String... words) {
            return all(words, word -> new Cue(Kind.VERB, "verb:" + featureWord(word), weight, type, null, null, null, null));
        }

        /** Words that point to a task type by its subject; the feature is {@code prefix:word}. */
        Builder task(TaskType type, double weight, String prefix, String... words) {
            return all(words, word -> new Cue(Kind.TASK, prefix + ":" + featureWord(word), weight, type, null, null, null,
                    null));
        }

        /** Positive weights point to a complex ask, negative ones to a simple ask. */
        Builder complexity(double weight, String... words) {
            return complexity(null, weight, words);
        }

        /** Complexity cues that count only for messages of one task type (null: for all). */
        Builder complexity(TaskType only, double weight, String... words) {
            String prefix = weight > 0 ? "complex:" : "simple:";
            return all(words, word -> new Cue(Kind.COMPLEXITY, prefix + featureWord(word), weight, only, null, null, null,
                    null));
        }

        Builder domain(TaskDomain domain, double weight, String... words) {
            return all(words, word -> new Cue(Kind.DOMAIN, domain.label() + ":" + featureWord(word), weight, null, domain,
                    null, null, null));
        }

        Builder cost(CostTier cost, String... words) {
            return all(words, word -> new Cue(Kind.COST, cost.label() + ":" + featureWord(word), 1, null, null, cost, null,
                    null));
        }

        Builder capability(RequiredCapability capability, String... words) {
            return all(words, word -> new Cue(Kind.CAPABILITY, capability.label() + ":" + featureWord(word), 1, null, null,
                    null, capability, null));
        }

        Builder language(Language language, String... words) {
            return all(words, word -> new Cue(Kind.LANGUAGE, null, 1, null, null, null, null, language));
        }

        Builder questionWords(String... words) {
            return all(words, word -> marker(Kind.QUESTION_WORD));
        }

        Builder conjunctions(String... words) {
            return all(words, word -> marker(Kind.CONJUNCTION));
        }

        /** Words that point at text given with the message: "this", "the following". */
        Builder deictics(String... words) {
            return all(words, word -> marker(Kind.DEICTIC));
        }

        /** File extensions that mark code (given with their dot, e.g. {@code .java}); a domain may go with them. */
        Builder extensions(TaskDomain domain, String... extensions) {
            for (String extension : extensions) {
                if (!extension.startsWith(".")) {
                    throw new IllegalArgumentException("an extension starts with a dot: " + extension);
                }
            }
            return all(extensions, extension -> new Cue(Kind.FILE_EXTENSION, "file-ext", 1, null, domain, null, null, null));
        }

        ClassifierLexicon build() {
            return new ClassifierLexicon(entries);
        }

        private Builder all(String[] words, Function<String, Cue> cueFor) {
            for (String word : words) {
                List<String> folded = words(word);
                if (folded.isEmpty()) {
                    throw new IllegalArgumentException("a cue needs a word: '" + word + "'");
                }
                entries.computeIfAbsent(String.join(" ", folded), key -> new ArrayList<>()).add(cueFor.apply(word));
            }
            return this;
        }

        /** A cue that marks a word's role in the sentence and is never reported. */
        private static Cue marker(Kind kind) {
            return new Cue(kind, null, 1, null, null, null, null, null);
        }

        private static String featureWord(String word) {
            return String.join("-", words(word));
        }
    }
}
