package dev.mosaic.domain.routing;

import dev.mosaic.domain.routing.ClassifierLexicon.Cue;
import dev.mosaic.domain.routing.ClassifierLexicon.Phrase;
import java.util.Arrays;

/**
 * One pass over a message for {@link TaskClassifier}: the cues its words fire, where each fired (the
 * ask at the top, a trailing question, or pasted content), and the shape of the text: code fences,
 * stack frames, code and data lines, paragraphs, list items. Used once, by one thread.
 *
 * <p>Text longer than {@link #HEAD} + {@link #TAIL} characters is read at its start and its end only:
 * the ask is at the top and sometimes repeated at the bottom, and a few thousand more characters of
 * pasted material change nothing, so the cost stays bounded whatever the length.
 */
final class MessageScan {

    static final int HEAD = 12_000;
    static final int TAIL = 4_000;

    /** Hit flags. */
    static final int ASK = 1;
    static final int CONTENT = 2;

    private static final int LONGEST_TOKEN = 48;
    private static final int JOINTS = 8;
    /** Words remembered for phrases (a power of two): phrases have up to five words. */
    private static final int HISTORY = 4;

    private final ClassifierLexicon lexicon;
    /** The characters read: all of a message, or its head and its tail one after the other. */
    private char[] text;
    private int pos;

    // The word being read, folded, and where its hyphens and dots are.
    private final char[] token = new char[LONGEST_TOKEN];
    private final int[] joints = new int[JOINTS];

    // Ids of the last words read, in a ring whose next slot is historyNext; -1 for words no cue uses.
    private final int[] history = new int[HISTORY];
    private int historyNext;

    // The cues that fired.
    int hitCount;
    Cue[] hitCues = new Cue[32];
    int[] hitTokens = new int[32];
    int[] hitParagraphs = new int[32];
    byte[] hitFlags = new byte[32];

    // The current line.
    private int lineTokens;
    private int lineItems;
    private int lineSymbols;
    private int lineSeparators;
    private int lineNumbers;
    private int lineIndent;
    private boolean lineHasContent;
    private boolean lineStartsWithAt;
    private boolean lineParen;
    private boolean lineFrame;
    private boolean lineBullet;
    private boolean lineFence;
    private char lastNonSpace;
    private int lineHitStart;

    // The message.
    int tokens;
    int numbers;
    int percents;
    int identifiers;
    /** Names of exceptions and errors: {@code WorkerLostError}, {@code IllegalStateException}. */
    int errorNames;
    int fences;
    int inlineCode;
    int frames;
    int codeLines;
    int dataLines;
    int bulletLines;
    int bodyLines;
    private int lines;
    int urls;
    boolean firstIsQuestionWord;
    final int[] languages = new int[ClassifierLexicon.Language.values().length];
    private boolean inFence;

    // Paragraphs and the ask: the prose of the first paragraph, up to a line ending in a colon.
    private int paragraph;
    private int paragraphTokens;
    private int closedParagraphTokens;
    int askTokens;
    int askItems;
    private boolean askClosed;
    // A colon in the first paragraph followed by several sentences ("Summarize this article: The city...")
    // ends the ask there; known only once the paragraph is read.
    private int colonToken = -1;
    private int colonAskTokens;
    private int colonAskItems;
    private int sentencesAfterColon;
    // Whether the ask points at text ("this article", "the following"), which a colon then introduces.
    private boolean pointsAtText;
    int askEndToken = Integer.MAX_VALUE;
    int lastParagraph;
    int lastParagraphTokens;

    MessageScan(ClassifierLexicon lexicon) {
        this.lexicon = lexicon;
        Arrays.fill(history, -1);
    }

    void scan(String message) {
        int length = message.length();
        if (length <= HEAD + TAIL) {
            text = message.toCharArray();
            run(0, length);
        } else {
            text = new char[HEAD + TAIL];
            message.getChars(0, HEAD, text, 0);
            message.getChars(length - TAIL, length, text, HEAD);
            run(0, HEAD);
            endLine();
            endParagraph();
            run(HEAD, HEAD + TAIL);
        }
        endLine();
        if (colonToken >= 0 && pointsAtText && sentencesAfterColon >= 3) {
            askTokens = colonAskTokens;
            askItems = colonAskItems;
            askEndToken = colonToken;
        }
        if (paragraphTokens > 0) {
            lastParagraph = paragraph;
            lastParagraphTokens = paragraphTokens;
        } else {
            lastParagraph = Math.max(0, paragraph - 1);
            lastParagraphTokens = closedParagraphTokens;
        }
    }

    private void run(int from, int to) {
        for (pos = from; pos < to; pos++) {
            char c = text[pos];
            if (ClassifierLexicon.fold(c) != 0) {
                pos = readWord(pos, to) - 1;
                continue;
            }
            if (c == '\n') {
                endLine();
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\u00a0') {
                if (!lineHasContent) {
                    lineIndent += c == '\t' ? 4 : 1;
                } else if (c == '\t') {
                    lineSeparators++;
                }
                continue;
            }
            punctuation(c, to);
            lineHasContent = true;
            lastNonSpace = c;
        }
    }

    private static boolean isWordStart(char c) {
        char folded = ClassifierLexicon.fold(c);
        return folded != 0 && folded != '_';
    }

    /**
     * Reads the word starting at {@code start}, letters and digits joined by hyphens and dots
     * ({@code end-to-end}, {@code UserService.java}), into {@link #token}, and handles it.
     *
     * @return where the word ends
     */
    private int readWord(int start, int to) {
        char[] text = this.text;
        char[] token = this.token;
        int length = 0;
        int hash = 0;
        int dots = 0;
        int jointCount = 0;
        boolean tooLong = false;
        boolean camel = false;
        boolean snake = false;
        boolean previousLower = false;
        int end = start;
        for (; end < to; end++) {
            char c = text[end];
            char folded = ClassifierLexicon.fold(c);
            if (folded == 0) {
                if ((c != '-' && c != '.') || end + 1 >= to || !isWordStart(text[end + 1])) {
                    break;
                }
                if (jointCount < JOINTS) {
                    joints[jointCount++] = length;
                }
                if (c == '.') {
                    dots++;
                }
                previousLower = false;
                folded = c;
            } else {
                boolean upper = c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
                camel |= upper && previousLower;
                previousLower = c < 128 ? c >= 'a' && c <= 'z' : Character.isLowerCase(c);
                snake |= folded == '_' && length > 0;
            }
            if (length < LONGEST_TOKEN) {
                token[length++] = folded;
                hash = ClassifierLexicon.hash(hash, folded);
            } else {
                tooLong = true;
            }
        }
        boolean numeric = Character.isDigit(token[0]);
        if (!lineHasContent && length == 2 && token[0] == 'a' && token[1] == 't' && end < to && text[end] == ' ') {
            lineStartsWithAt = true;
        }
        lineHasContent = true;
        lastNonSpace = text[end - 1];
        tokens++;
        lineTokens++;
        paragraphTokens++;
        if (numeric) {
            numbers++;
            lineNumbers++;
            if (lineTokens == 1 && end + 1 < to && (text[end] == '.' || text[end] == ')')
                    && text[end + 1] == ' ') {
                lineBullet = true;
            }
        } else if (camel || (snake && token[length - 1] != '_') || dots >= 2) {
            identifiers++;
            if (camel && (endsWith(token, length, "error") || endsWith(token, length, "exception"))) {
                errorNames++;
            }
        }
        int id = tooLong ? -1 : lexicon.id(token, 0, length, hash);
        if (id >= 0 || jointCount == 0 || tooLong) {
            word(id);
        } else {
            if (dots > 0 && token[joints[jointCount - 1]] == '.') {
                extension(joints[jointCount - 1], length);
            }
            int from = 0;
            for (int j = 0; j <= jointCount; j++) {
                int part = j < jointCount ? joints[j] : length;
                int partHash = 0;
                for (int k = from; k < part; k++) {
                    partHash = ClassifierLexicon.hash(partHash, token[k]);
                }
                word(part > from ? lexicon.id(token, from, part, partHash) : -1);
                from = part + 1;
            }
        }
        return end;
    }

    private static boolean endsWith(char[] word, int length, String suffix) {
        int from = length - suffix.length();
        if (from < 1) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (word[from + i] != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The last dotted part of a word, with its dot: {@code .java} in {@code UserService.java}. */
    private void extension(int dot, int length) {
        int hash = 0;
        for (int k = dot; k < length; k++) {
            hash = ClassifierLexicon.hash(hash, token[k]);
        }
        int id = lexicon.id(token, dot, length, hash);
        if (id >= 0) {
            for (Cue cue : lexicon.cues(id)) {
                hit(cue);
            }
        }
    }

    private void word(int id) {
        if (id >= 0) {
            for (Cue cue : lexicon.cues(id)) {
                hit(cue);
            }
            for (Phrase phrase : lexicon.phrasesEndingWith(id)) {
                if (follows(phrase.words())) {
                    hit(phrase.cue());
                }
            }
        }
        history[historyNext] = id;
        historyNext = (historyNext + 1) & (HISTORY - 1);
    }

    /** Whether the words before the last one of a phrase are the words just read. */
    private boolean follows(int[] words) {
        int before = words.length - 1;
        if (before > HISTORY) {
            return false;
        }
        for (int i = 0; i < before; i++) {
            if (history[(historyNext - before + i) & (HISTORY - 1)] != words[i]) {
                return false;
            }
        }
        return true;
    }

    private void hit(Cue cue) {
        switch (cue.kind()) {
            case LANGUAGE -> languages[cue.language().ordinal()]++;
            case QUESTION_WORD -> firstIsQuestionWord |= tokens == 1;
            case CONJUNCTION -> lineItems++;
            case DEICTIC -> pointsAtText |= paragraph == 0 && !askClosed && colonToken < 0;
            default -> record(cue);
        }
    }

    private void record(Cue cue) {
        if (hitCount == hitCues.length) {
            int size = hitCount * 2;
            hitCues = Arrays.copyOf(hitCues, size);
            hitTokens = Arrays.copyOf(hitTokens, size);
            hitParagraphs = Arrays.copyOf(hitParagraphs, size);
            hitFlags = Arrays.copyOf(hitFlags, size);
        }
        hitCues[hitCount] = cue;
        hitTokens[hitCount] = tokens - 1;
        hitParagraphs[hitCount] = paragraph;
        hitFlags[hitCount] = (byte) (paragraph == 0 && !askClosed ? ASK : 0);
        hitCount++;
    }

    private void punctuation(char c, int to) {
        char next = pos + 1 < to ? text[pos + 1] : '\n';
        switch (c) {
            case '`' -> {
                int run = 1;
                while (pos + run < to && text[pos + run] == '`') {
                    run++;
                }
                if (run >= 3 && !lineHasContent) {
                    fence();
                } else if (run == 1) {
                    inlineCode++;
                }
                pos += run - 1;
            }
            case ',', ';' -> {
                boolean inNumber = c == ',' && pos > 0 && Character.isDigit(text[pos - 1]) && Character.isDigit(next);
                if (!inNumber) {
                    lineItems++;
                    lineSeparators++;
                }
            }
            case '|' -> lineSeparators++;
            case '(' -> {
                lineSymbols++;
                lineParen |= lineStartsWithAt;
            }
            case '{', '}', ')', '=', '<', '>', '[', ']' -> lineSymbols++;
            case ':' -> colon(next, to);
            case '.', '!', '?' -> {
                if (Character.isWhitespace(next) && lastNonSpace != c) {
                    sentenceEnd();
                }
            }
            case '%' -> percents++;
            case '-', '*', '\u2022' -> {
                if (!lineHasContent && next == ' ') {
                    lineBullet = true;
                }
            }
            default -> {
                // other signs say nothing about the message
            }
        }
    }

    private void colon(char next, int to) {
        if (next == '/' && pos > 0 && endsWithHttp(text[pos - 1] == 's' || text[pos - 1] == 'S' ? pos - 1 : pos)) {
            urls++;
        } else if (lineParen && Character.isDigit(next)) {
            lineFrame = true;
        } else if (next == ' ' && paragraph == 0 && !askClosed && colonToken < 0 && tokens > 0) {
            colonToken = tokens;
            colonAskTokens = askTokens + lineTokens;
            colonAskItems = askItems + lineItems;
        }
    }

    /** Whether the four characters before {@code end} spell "http", in any case. */
    private boolean endsWithHttp(int end) {
        if (end < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if ((text[end - 4 + i] | 0x20) != "http".charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void sentenceEnd() {
        if (colonToken >= 0 && paragraph == 0 && !askClosed) {
            sentencesAfterColon++;
        }
    }

    private void fence() {
        fences++;
        inFence = !inFence;
        lineFence = true;
        endParagraph();
        askClosed |= tokens > 0;
    }

    private void endLine() {
        // Code and data are dense in signs and numbers; a sentence with a few of them is still prose, and
        // the first line, which states the ask, is prose unless fenced or a stack frame.
        boolean dense = lineSymbols * 3 >= lineTokens && lines > 0
                && (lineSymbols >= 4 || (lineSymbols >= 2 && (lastNonSpace == ';' || lastNonSpace == '{'
                        || lastNonSpace == '}' || lastNonSpace == ')')));
        boolean code = !lineFence && lineHasContent
                && (inFence || lineFrame || dense || (lineIndent >= 4 && lineSymbols >= 1));
        boolean data = !code && lineSeparators >= 2 && lineNumbers >= 2 && lineNumbers * 2 >= lineTokens;
        if (lineFrame) {
            frames++;
        }
        if (code || data) {
            if (code) {
                codeLines++;
            } else {
                dataLines++;
            }
            bodyLines++;
            for (int i = lineHitStart; i < hitCount; i++) {
                hitFlags[i] = (byte) ((hitFlags[i] | CONTENT) & ~ASK);
            }
        } else if (lineHasContent && !lineFence) {
            if (paragraph == 0 && !askClosed) {
                askTokens += lineTokens;
                askItems += lineItems;
            } else {
                bodyLines++;
            }
            if (lineBullet) {
                bulletLines++;
            }
            if (lastNonSpace == ':' && paragraph == 0 && askTokens > 0) {
                askClosed = true;
            }
        }
        if (!lineHasContent) {
            endParagraph();
        } else {
            lines++;
        }
        lineTokens = 0;
        lineItems = 0;
        lineSymbols = 0;
        lineSeparators = 0;
        lineNumbers = 0;
        lineIndent = 0;
        lineHasContent = false;
        lineStartsWithAt = false;
        lineParen = false;
        lineFrame = false;
        lineBullet = false;
        lineFence = false;
        lastNonSpace = 0;
        lineHitStart = hitCount;
    }

    private void endParagraph() {
        if (paragraphTokens > 0) {
            closedParagraphTokens = paragraphTokens;
            paragraph++;
            paragraphTokens = 0;
            askClosed = true;
        }
    }
}
