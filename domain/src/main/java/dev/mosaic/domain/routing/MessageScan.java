package dev.mosaic.domain.routing;

import dev.mosaic.domain.routing.ClassifierLexicon.Cue;
import dev.mosaic.domain.routing.ClassifierLexicon.Kind;
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
    private static final int HISTORY = 4;
    private static final int MAX_HITS = 1024;

    private final ClassifierLexicon lexicon;
    private String text;
    private int pos;

    // The token being read, folded.
    private final char[] token = new char[LONGEST_TOKEN];
    private int tokenLength;
    private int tokenHash;
    private boolean tokenTooLong;
    private boolean tokenNumeric;
    private boolean tokenCamel;
    private boolean tokenSnake;
    private boolean previousLower;
    private int tokenDots;
    private final int[] joints = new int[JOINTS];
    private int jointCount;

    // Ids of the words before the current one, the latest last; -1 for words no cue uses.
    private final int[] history = new int[HISTORY];

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
    int fences;
    int inlineCode;
    int frames;
    int codeLines;
    int dataLines;
    int bulletLines;
    int bodyLines;
    private int lines;
    int questionMarks;
    int urls;
    boolean firstIsQuestionWord;
    final int[] languages = new int[ClassifierLexicon.Language.values().length];
    private boolean inFence;

    // Paragraphs and the ask: the prose of the first paragraph, up to a line ending in a colon.
    int paragraph;
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
        text = message;
        int length = message.length();
        if (length <= HEAD + TAIL) {
            run(0, length);
        } else {
            run(0, HEAD);
            endToken();
            endLine();
            endParagraph();
            run(length - TAIL, length);
        }
        endToken();
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
            char c = text.charAt(pos);
            char folded = ClassifierLexicon.fold(c);
            if (folded != 0) {
                wordChar(folded, c);
                continue;
            }
            if ((c == '-' || c == '.') && tokenLength > 0 && pos + 1 < to && isWordStart(text.charAt(pos + 1))) {
                joiner(c);
                continue;
            }
            endToken();
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

    private void wordChar(char folded, char original) {
        if (tokenLength == 0 && !tokenTooLong) {
            tokenNumeric = Character.isDigit(original);
            if (!lineHasContent && lineTokens == 0 && (original == 'a' || original == 'A')
                    && pos + 2 < text.length() && text.charAt(pos + 1) == 't' && text.charAt(pos + 2) == ' ') {
                lineStartsWithAt = true;
            }
        }
        boolean upper = Character.isUpperCase(original);
        if (upper && previousLower) {
            tokenCamel = true;
        }
        previousLower = Character.isLowerCase(original);
        if (folded == '_' && tokenLength > 0) {
            tokenSnake = true;
        }
        append(folded);
        lineHasContent = true;
        lastNonSpace = original;
    }

    private void joiner(char c) {
        if (jointCount < JOINTS) {
            joints[jointCount++] = tokenLength;
        }
        if (c == '.') {
            tokenDots++;
        }
        previousLower = false;
        append(c);
    }

    private void append(char c) {
        if (tokenLength < LONGEST_TOKEN) {
            token[tokenLength++] = c;
            tokenHash = ClassifierLexicon.hash(tokenHash, c);
        } else {
            tokenTooLong = true;
        }
    }

    private void endToken() {
        if (tokenLength == 0) {
            return;
        }
        tokens++;
        lineTokens++;
        paragraphTokens++;
        if (tokenNumeric) {
            numbers++;
            lineNumbers++;
            if (lineTokens == 1 && pos + 1 < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == ')')
                    && text.charAt(pos + 1) == ' ') {
                lineBullet = true;
            }
        } else if (tokenCamel || (tokenSnake && token[tokenLength - 1] != '_') || tokenDots >= 2) {
            identifiers++;
        }
        int id = tokenTooLong ? -1 : lexicon.id(token, 0, tokenLength, tokenHash);
        if (id >= 0 || jointCount == 0 || tokenTooLong) {
            word(id);
        } else {
            if (tokenDots > 0 && token[joints[jointCount - 1]] == '.') {
                extension(joints[jointCount - 1]);
            }
            int from = 0;
            for (int j = 0; j <= jointCount; j++) {
                int to = j < jointCount ? joints[j] : tokenLength;
                int hash = 0;
                for (int k = from; k < to; k++) {
                    hash = ClassifierLexicon.hash(hash, token[k]);
                }
                word(to > from ? lexicon.id(token, from, to, hash) : -1);
                from = to + 1;
            }
        }
        tokenLength = 0;
        tokenHash = 0;
        tokenTooLong = false;
        tokenCamel = false;
        tokenSnake = false;
        previousLower = false;
        tokenDots = 0;
        jointCount = 0;
    }

    /** The last dotted part of a word, with its dot: {@code .java} in {@code UserService.java}. */
    private void extension(int dot) {
        int hash = 0;
        for (int k = dot; k < tokenLength; k++) {
            hash = ClassifierLexicon.hash(hash, token[k]);
        }
        int id = lexicon.id(token, dot, tokenLength, hash);
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
        System.arraycopy(history, 1, history, 0, HISTORY - 1);
        history[HISTORY - 1] = id;
    }

    /** Whether the words before the last one of a phrase are the words just read. */
    private boolean follows(int[] words) {
        int before = words.length - 1;
        if (before > HISTORY) {
            return false;
        }
        for (int i = 0; i < before; i++) {
            if (history[HISTORY - before + i] != words[i]) {
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
        if (hitCount == MAX_HITS) {
            return;
        }
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
        char next = pos + 1 < to ? text.charAt(pos + 1) : '\n';
        switch (c) {
            case '`' -> {
                int run = 1;
                while (pos + run < to && text.charAt(pos + run) == '`') {
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
                boolean inNumber = c == ',' && pos > 0 && Character.isDigit(text.charAt(pos - 1)) && Character.isDigit(next);
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
                if (c == '?') {
                    questionMarks++;
                }
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
        if (next == '/' && pos >= 4 && text.regionMatches(true, pos - (text.charAt(pos - 1) == 's' ? 5 : 4), "http", 0, 4)) {
            urls++;
        } else if (lineParen && Character.isDigit(next)) {
            lineFrame = true;
        } else if (next == ' ' && paragraph == 0 && !askClosed && colonToken < 0 && tokens > 0) {
            colonToken = tokens;
            colonAskTokens = askTokens + lineTokens;
            colonAskItems = askItems + lineItems;
        }
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
