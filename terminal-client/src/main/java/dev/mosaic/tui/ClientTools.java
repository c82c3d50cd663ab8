package dev.mosaic.tui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The tools this client runs for the model, on the directory it was started in: {@code read_file},
 * {@code list_files} and {@code grep} only read; {@code write_file} changes a file, so it runs only
 * when the {@link Consent} allows it. Every path is taken relative to that directory, resolved to
 * its real path (symbolic links followed) and refused when it lies outside, whether through
 * {@code ..}, an absolute path or a link.
 *
 * <p>Results are capped at {@link #MAX_CHARS} characters, so that a {@code tool:result} stays well
 * within the gateway's frame limit (64 KB by default: even three UTF-8 bytes a character fit) and
 * the model's context; a cut result says so and how to get the rest. Failures come back as error
 * results the model can read and recover from; nothing here throws.
 */
final class ClientTools implements ChatSession.Tools {

    /** Whether a tool that changes something may run; asked only for those. */
    interface Consent {
        /**
         * {@code null} when the person allows {@code action} (such as "write 120 bytes to notes.md, a
         * new file"); otherwise why not, which the model reads.
         */
        String refusal(String action);
    }

    /** For a client with no one to ask, such as {@code -m}: tools that change something never run. */
    static final Consent NO_ONE_TO_ASK = action -> "refused: this client runs without a person to ask (-m), and "
            + "only its reading tools run without consent, so it did not " + action;

    static final int MAX_CHARS = 16_000;
    static final int MAX_ENTRIES = 500;
    static final int MAX_MATCHES = 200;
    /** Longer lines in grep results are shortened: a match in minified code should not fill the result. */
    static final int MAX_MATCH_LINE = 200;
    /** Files grep skips: larger ones are rarely source, and reading them would hold the model up. */
    static final long MAX_GREP_FILE_BYTES = 2 * 1024 * 1024;
    /** Directories neither list_files nor grep descend into: version-control internals, never what is asked for. */
    private static final List<String> SKIPPED_DIRECTORIES = List.of(".git", ".hg", ".svn");
    private static final int BINARY_PROBE_BYTES = 8192;
    /** Kept free under the cap for the note that says a result was cut. */
    private static final int NOTE_ROOM = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String READ_FILE = "read_file";
    static final String LIST_FILES = "list_files";
    static final String GREP = "grep";
    static final String WRITE_FILE = "write_file";

    /** A tool that refuses its arguments; the message is for the model. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** What a call will do, checked and ready: {@code action} says it for the person, when a tool needs consent. */
    private record Prepared(String action, Work work) {}

    @FunctionalInterface
    private interface Work {
        String run() throws IOException, Refused;
    }

    @FunctionalInterface
    private interface Preparation {
        Prepared prepare(JsonNode arguments) throws IOException, Refused;
    }

    /** A tool: what is offered, whether it only reads, and how a call is checked before it runs. */
    private record Tool(ToolSpec spec, boolean readOnly, Preparation preparation) {}

    private final Path root;
    private final Consent consent;
    private final Map<String, Tool> tools;

    /**
     * @param workingDirectory the one directory the tools work in; it must exist
     * @throws IOException when it cannot be resolved
     */
    ClientTools(Path workingDirectory, Consent consent) throws IOException {
        this.root = workingDirectory.toRealPath();
        this.consent = consent;
        this.tools = Map.of(
                READ_FILE, new Tool(spec(READ_FILE, """
                        Reads a text file in the user's working directory. Paths are relative to that directory; \
                        nothing outside it can be read. Returns the file's text (the lines asked for, when \
                        startLine or endLine is given), at most %,d characters: a longer result is cut at a line \
                        and says which startLine reads on.""".formatted(MAX_CHARS), """
                        {"type":"object","properties":{
                          "path":{"type":"string","description":"the file, relative to the working directory"},
                          "startLine":{"type":"integer","minimum":1,"description":"the first line to read (from 1); default 1"},
                          "endLine":{"type":"integer","minimum":1,"description":"the last line to read, included; default the last line"}},
                         "required":["path"],"additionalProperties":false}"""), true,
                        this::read),
                LIST_FILES, new Tool(spec(LIST_FILES, """
                        Lists a directory in the user's working directory: one path per line, relative to the \
                        working directory, directories ending in '/'. With recursive, lists everything below it \
                        (not inside .git, .hg or .svn); glob keeps only matching entries ('*.java' matches file \
                        names, a glob with '/' such as 'src/**/*.java' matches the path below the listed \
                        directory). At most %,d entries.""".formatted(MAX_ENTRIES), """
                        {"type":"object","properties":{
                          "path":{"type":"string","description":"the directory, relative to the working directory; default '.'"},
                          "glob":{"type":"string","description":"keep only entries that match, e.g. '*.md'"},
                          "recursive":{"type":"boolean","description":"list everything below the directory; default false"}},
                         "additionalProperties":false}"""), true,
                        this::list),
                GREP, new Tool(spec(GREP, """
                        Searches the text files in the user's working directory for a regular expression (Java \
                        syntax), line by line. Answers one match per line as 'path:line: text'. path narrows \
                        the search to a file or directory, glob to file names such as '*.java'; binary files, \
                        files over 2 MB and .git, .hg and .svn are skipped. At most %,d matches.\
                        """.formatted(MAX_MATCHES), """
                        {"type":"object","properties":{
                          "pattern":{"type":"string","description":"a regular expression, e.g. 'class \\\\w+Test'"},
                          "path":{"type":"string","description":"a file or directory, relative to the working directory; default '.'"},
                          "glob":{"type":"string","description":"search only files whose name (or path, with '/') matches, e.g. '*.md'"},
                          "ignoreCase":{"type":"boolean","description":"match regardless of case; default false"}},
                         "required":["pattern"],"additionalProperties":false}"""), true,
                        this::grep),
                WRITE_FILE, new Tool(spec(WRITE_FILE, """
                        Writes a text file in the user's working directory, replacing it if it exists and \
                        creating missing directories. The user is asked first and may refuse. Paths are \
                        relative to the working directory; nothing outside it can be written.""", """
                        {"type":"object","properties":{
                          "path":{"type":"string","description":"the file, relative to the working directory"},
                          "content":{"type":"string","description":"the file's whole new text"}},
                         "required":["path","content"],"additionalProperties":false}"""), false,
                        this::write));
    }

    /** The tools in the order they are offered: the reading ones first. */
    @Override
    public List<ToolSpec> specs() {
        return Stream.of(READ_FILE, LIST_FILES, GREP, WRITE_FILE).map(name -> tools.get(name).spec()).toList();
    }

    @Override
    public ToolOutput run(String name, String arguments) {
        Tool tool = tools.get(name);
        if (tool == null) {
            return ToolOutput.error("this client offers no tool " + name);
        }
        try {
            JsonNode parsed = JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            if (parsed == null || !parsed.isObject()) {
                return ToolOutput.error("the arguments must be a JSON object");
            }
            Prepared prepared = tool.preparation().prepare(parsed);
            if (!tool.readOnly()) {
                String refusal = consent.refusal(prepared.action());
                if (refusal != null) {
                    return ToolOutput.error(refusal);
                }
            }
            return ToolOutput.ok(prepared.work().run());
        } catch (JsonProcessingException e) {
            return ToolOutput.error("the arguments are not JSON: " + e.getOriginalMessage());
        } catch (Refused e) {
            return ToolOutput.error(e.getMessage());
        } catch (NoSuchFileException e) {
            return ToolOutput.error(shown(e.getFile()) + " does not exist");
        } catch (AccessDeniedException e) {
            return ToolOutput.error(shown(e.getFile()) + " cannot be read or written: permission denied");
        } catch (IOException | RuntimeException e) {
            return ToolOutput.error(name + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().replace(root.toString(), ".")));
        }
    }

    private Prepared read(JsonNode arguments) throws IOException, Refused {
        Path file = inside(required(arguments, "path"));
        int start = positive(arguments, "startLine", 1);
        int end = positive(arguments, "endLine", Integer.MAX_VALUE);
        if (end < start) {
            throw new Refused("endLine " + end + " comes before startLine " + start);
        }
        return readNow(() -> {
            if (Files.isDirectory(file)) {
                throw new Refused(shown(file) + " is a directory: list_files lists it");
            }
            if (!Files.isRegularFile(file)) {
                throw new Refused(shown(file) + (Files.exists(file) ? " is not a regular file" : " does not exist"));
            }
            if (isBinary(file)) {
                throw new Refused(shown(file) + " looks binary (it holds NUL bytes): only text files can be read");
            }
            StringBuilder text = new StringBuilder();
            int number = 0;
            try (BufferedReader lines = reader(file)) {
                for (String line = lines.readLine(); line != null && number < end; line = lines.readLine()) {
                    number++;
                    if (number < start) {
                        continue;
                    }
                    if (text.length() + line.length() + 1 > MAX_CHARS) {
                        if (text.isEmpty()) {
                            // One line over the cap on its own: its start is better than nothing.
                            return line.substring(0, MAX_CHARS) + "\n[cut: line " + number + " alone is longer than "
                                    + String.format(Locale.ROOT, "%,d", MAX_CHARS) + " characters]";
                        }
                        return text + "[cut at " + String.format(Locale.ROOT, "%,d", MAX_CHARS)
                                + " characters: lines " + start + "-" + (number - 1) + " shown; read on with startLine "
                                + number + "]";
                    }
                    text.append(line).append('\n');
                }
            }
            if (number < start && start > 1) {
                throw new Refused(shown(file) + " has " + number + (number == 1 ? " line" : " lines")
                        + ", so there is no line " + start);
            }
            return number == 0 ? "(" + shown(file) + " is empty)" : text.toString();
        });
    }

    private Prepared list(JsonNode arguments) throws IOException, Refused {
        Path directory = inside(optional(arguments, "path", "."));
        Predicate<Path> matches = matcher(optional(arguments, "glob", null), directory);
        boolean recursive = arguments.path("recursive").asBoolean(false);
        return readNow(() -> {
            if (!Files.isDirectory(directory)) {
                throw new Refused(shown(directory) + (Files.exists(directory) ? " is not a directory: read_file reads it"
                        : " does not exist"));
            }
            List<String> entries = new ArrayList<>();
            boolean cut = walk(directory, recursive, (path, attributes) -> {
                if (!matches.test(path)) {
                    return true;
                }
                if (entries.size() == MAX_ENTRIES) {
                    return false;
                }
                entries.add(shown(path) + (attributes.isDirectory() ? "/" : ""));
                return true;
            });
            if (entries.isEmpty()) {
                return "(nothing in " + shown(directory) + (arguments.hasNonNull("glob")
                        ? " matches " + arguments.get("glob").asText() : "") + ")";
            }
            return capped(entries, cut ? "[cut: the first " + MAX_ENTRIES + " entries shown; narrow it with glob or a "
                    + "subdirectory]" : null);
        });
    }

    private Prepared grep(JsonNode arguments) throws IOException, Refused {
        String expression = required(arguments, "pattern");
        Pattern pattern;
        try {
            pattern = Pattern.compile(expression, arguments.path("ignoreCase").asBoolean(false)
                    ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new Refused("not a regular expression: " + e.getDescription() + " near index " + e.getIndex()
                    + " of " + expression);
        }
        Path start = inside(optional(arguments, "path", "."));
        Predicate<Path> matches = matcher(optional(arguments, "glob", null), start);
        return readNow(() -> {
            if (!Files.exists(start)) {
                throw new Refused(shown(start) + " does not exist");
            }
            List<String> found = new ArrayList<>();
            boolean cut = walk(start, true, (path, attributes) -> {
                if (!attributes.isRegularFile() || !matches.test(path) || attributes.size() > MAX_GREP_FILE_BYTES
                        || isBinary(path)) {
                    return true;
                }
                try (BufferedReader lines = reader(path)) {
                    int number = 0;
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        number++;
                        if (pattern.matcher(line).find()) {
                            if (found.size() == MAX_MATCHES) {
                                return false;
                            }
                            found.add(shown(path) + ":" + number + ": " + Renderer.shorten(line, MAX_MATCH_LINE));
                        }
                    }
                } catch (AccessDeniedException e) {
                    // unreadable files are skipped, like binary ones
                }
                return true;
            });
            if (found.isEmpty()) {
                return "no line in " + shown(start) + " matches " + expression;
            }
            return capped(found, cut ? "[cut: the first " + MAX_MATCHES + " matches shown; narrow the pattern, path "
                    + "or glob]" : null);
        });
    }

    private Prepared write(JsonNode arguments) throws IOException, Refused {
        Path file = inside(required(arguments, "path"));
        JsonNode content = arguments.get("content");
        if (content == null || !content.isTextual()) {
            throw new Refused("content is required: the file's text");
        }
        if (Files.isDirectory(file)) {
            throw new Refused(shown(file) + " is a directory");
        }
        String text = content.asText();
        String size = bytes(text.getBytes(StandardCharsets.UTF_8).length);
        String action = "write " + size + " to " + shown(file)
                + (Files.exists(file) ? ", replacing its " + bytes(Files.size(file)) : ", a new file");
        return new Prepared(action, () -> {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return "wrote " + size + " to " + shown(file);
        });
    }

    /**
     * The real path of {@code given}, taken relative to the working directory; refused when it lies
     * outside. What does not exist yet (a file to write) is resolved through its deepest existing
     * ancestor, so that a link on the way cannot lead out either.
     */
    Path inside(String given) throws IOException, Refused {
        Path path;
        try {
            path = root.resolve(given).normalize();
        } catch (InvalidPathException e) {
            throw new Refused("not a path: " + given);
        }
        if (!path.startsWith(root)) {
            throw outside(given);
        }
        Path existing = path;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Refused("refused: " + given + " leads through a link to nothing");
        }
        Path resolved = real.resolve(existing.relativize(path));
        if (!resolved.startsWith(root)) {
            throw outside(given);
        }
        return resolved;
    }

    private static Refused outside(String given) {
        return new Refused("refused: " + given + " is outside the working directory, and only paths inside it can "
                + "be used");
    }

    /** A path as the model sees it: relative to the working directory, with '/' between names. */
    private String shown(Path path) {
        String relative = root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
        return relative.isEmpty() ? "." : relative;
    }

    private String shown(String file) {
        return file == null ? "the file" : shown(Path.of(file));
    }

    /**
     * Visits {@code start} when it is a file, else what lies in it (and below, when {@code recursive}),
     * in name order, without following links and without descending into {@link #SKIPPED_DIRECTORIES}.
     * Returns whether {@code visit} cut the walk short.
     */
    private static boolean walk(Path start, boolean recursive, Visitor visit) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(start, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return attributes.isDirectory() ? !visitChildren(start, recursive, visit) : !visit.visit(start, attributes);
    }

    /** False when {@code visit} stopped the walk. */
    private static boolean visitChildren(Path directory, boolean recursive, Visitor visit) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(directory)) {
            children = list.sorted().toList();
        } catch (AccessDeniedException e) {
            return true; // an unreadable directory is left out, not the whole answer
        }
        for (Path child : children) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue; // gone meanwhile
            }
            if (!visit.visit(child, attributes)) {
                return false;
            }
            if (recursive && attributes.isDirectory()
                    && !SKIPPED_DIRECTORIES.contains(child.getFileName().toString())
                    && !visitChildren(child, true, visit)) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface Visitor {
        /** False to stop the walk. */
        boolean visit(Path path, BasicFileAttributes attributes) throws IOException;
    }

    /** A glob without '/' matches file names; one with '/' the path below {@code base}. No glob matches all. */
    private static Predicate<Path> matcher(String glob, Path base) throws Refused {
        if (glob == null || glob.isBlank()) {
            return path -> true;
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new Refused("not a glob: " + glob + " (" + e.getMessage() + ")");
        }
        return glob.contains("/") ? path -> matcher.matches(base.relativize(path))
                : path -> path.getFileName() != null && matcher.matches(path.getFileName());
    }

    /** Lines joined as far as they fit in {@link #MAX_CHARS}, then {@code cutNote} when the walk was cut short. */
    private static String capped(List<String> lines, String cutNote) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (text.length() + line.length() + 1 > MAX_CHARS - NOTE_ROOM) {
                return text + "[cut at " + String.format(Locale.ROOT, "%,d", MAX_CHARS) + " characters: the first " + i
                        + " lines shown; narrow it down]";
            }
            text.append(line).append('\n');
        }
        return cutNote == null ? text.toString() : text + cutNote;
    }

    private static boolean isBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(BINARY_PROBE_BYTES);
            for (byte b : start) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Text as UTF-8, with what is not UTF-8 replaced rather than failing the whole read. */
    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    private static String bytes(long count) {
        return count == 1 ? "1 byte" : String.format(Locale.ROOT, "%,d bytes", count);
    }

    /** A call of a tool that only reads: it needs no consent, so there is nothing to ask about. */
    private static Prepared readNow(Work work) {
        return new Prepared(null, work);
    }

    private static String required(JsonNode arguments, String field) throws Refused {
        JsonNode value = arguments.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new Refused(field + " is required (a string)");
        }
        return value.asText();
    }

    private static String optional(JsonNode arguments, String field, String otherwise) throws Refused {
        JsonNode value = arguments.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isTextual()) {
            throw new Refused(field + " must be a string");
        }
        return value.asText().isBlank() ? otherwise : value.asText();
    }

    private static int positive(JsonNode arguments, String field, int otherwise) throws Refused {
        JsonNode value = arguments.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new Refused(field + " must be a whole number from 1");
        }
        return value.asInt();
    }

    private static ToolSpec spec(String name, String description, String parameters) {
        try {
            return new ToolSpec(name, description, JSON.readTree(parameters));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema of " + name + " is not JSON", e);
        }
    }
}
