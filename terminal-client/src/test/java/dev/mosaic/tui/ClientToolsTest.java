package dev.mosaic.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's own tools on a real directory: what they answer, their caps, and where they may not go. */
class ClientToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path base;
    private Path work;
    private Path outside;
    private final List<String> asked = new ArrayList<>();
    private String consent;
    private ClientTools tools;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(base.resolve("work"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "the secret\n");
        Files.writeString(work.resolve("README.md"), "# Mosaic\nline two\nline three\n");
        Files.createDirectories(work.resolve("src/main"));
        Files.writeString(work.resolve("src/main/App.java"), "class App {\n    // TODO start\n}\n");
        Files.writeString(work.resolve("src/notes.md"), "todo: tests\nTODO: docs\n");
        Files.createDirectories(work.resolve(".git"));
        Files.writeString(work.resolve(".git/config"), "TODO never searched\n");
        tools = new ClientTools(work, action -> {
            asked.add(action);
            return consent;
        });
    }

    @Test
    void offersFourToolsWithSchemasThatRequireWhatTheyNeed() {
        List<ToolSpec> specs = tools.specs();
        assertEquals(List.of("read_file", "list_files", "grep", "write_file"), specs.stream().map(ToolSpec::name).toList());
        for (ToolSpec spec : specs) {
            assertEquals("object", spec.parameters().path("type").asText(), spec.name());
            assertFalse(spec.parameters().path("additionalProperties").asBoolean(true), spec.name());
            assertTrue(spec.description().contains("working directory"), spec.name());
        }
        assertEquals(List.of("path"), texts(specs.get(0).parameters().path("required")));
        assertEquals("integer", specs.get(0).parameters().path("properties").path("startLine").path("type").asText());
        assertEquals(List.of(), texts(specs.get(1).parameters().path("required")));
        assertEquals(List.of("pattern"), texts(specs.get(2).parameters().path("required")));
        assertEquals(List.of("path", "content"), texts(specs.get(3).parameters().path("required")));
    }

    @Test
    void readsAFileOrARangeOfItsLines() {
        assertEquals(ToolOutput.ok("# Mosaic\nline two\nline three\n"), run("read_file", "{\"path\":\"README.md\"}"));
        assertEquals(ToolOutput.ok("line two\nline three\n"), run("read_file", "{\"path\":\"README.md\",\"startLine\":2}"));
        assertEquals(ToolOutput.ok("line two\n"),
                run("read_file", "{\"path\":\"./src/../README.md\",\"startLine\":2,\"endLine\":2}"));
        assertEquals(ToolOutput.error("README.md has 3 lines, so there is no line 9"),
                run("read_file", "{\"path\":\"README.md\",\"startLine\":9}"));
        assertEquals(ToolOutput.error("endLine 1 comes before startLine 2"),
                run("read_file", "{\"path\":\"README.md\",\"startLine\":2,\"endLine\":1}"));
        assertEquals(ToolOutput.error("startLine must be a whole number from 1"),
                run("read_file", "{\"path\":\"README.md\",\"startLine\":0}"));
        assertEquals(ToolOutput.error("src is a directory: list_files lists it"), run("read_file", "{\"path\":\"src\"}"));
        assertEquals(ToolOutput.error("missing.txt does not exist"), run("read_file", "{\"path\":\"missing.txt\"}"));
        assertEquals(ToolOutput.error("path is required (a string)"), run("read_file", "{}"));
    }

    @Test
    void aLongFileIsCutAtALineAndSaysWhereToReadOn() throws IOException {
        String line = "x".repeat(99);
        Files.writeString(work.resolve("long.txt"), IntStream.range(0, 1000).mapToObj(i -> line)
                .collect(Collectors.joining("\n")));
        ToolOutput output = run("read_file", "{\"path\":\"long.txt\"}");
        assertFalse(output.isError());
        assertTrue(output.content().length() <= ClientTools.MAX_CHARS + 200, "capped: " + output.content().length());
        assertTrue(output.content().startsWith(line + "\n" + line + "\n"));
        assertTrue(output.content().endsWith(line + "\n[cut at 16,000 characters: lines 1-160 shown; read on with "
                + "startLine 161]"), output.content().substring(output.content().length() - 120));

        ToolOutput next = run("read_file", "{\"path\":\"long.txt\",\"startLine\":161}");
        assertTrue(next.content().endsWith("lines 161-320 shown; read on with startLine 321]"), next.content());

        Files.writeString(work.resolve("one-line.min.js"), "y".repeat(ClientTools.MAX_CHARS * 2));
        ToolOutput minified = run("read_file", "{\"path\":\"one-line.min.js\"}");
        assertEquals("y".repeat(ClientTools.MAX_CHARS) + "\n[cut: line 1 alone is longer than 16,000 characters]",
                minified.content());
    }

    @Test
    void aBinaryFileIsNotRead() throws IOException {
        Files.write(work.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        assertEquals(ToolOutput.error("image.png looks binary (it holds NUL bytes): only text files can be read"),
                run("read_file", "{\"path\":\"image.png\"}"));
    }

    @Test
    void nothingOutsideTheWorkingDirectoryIsReachable() throws IOException {
        Files.createSymbolicLink(work.resolve("escape"), outside);
        Files.createSymbolicLink(work.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(work.resolve("dangling"), outside.resolve("nothing-here"));
        for (String path : List.of("../outside/secret.txt", "src/../../outside/secret.txt",
                outside.resolve("secret.txt").toString(), "escape/secret.txt", "secret-link.txt")) {
            ToolOutput output = run("read_file", JSON.createObjectNode().put("path", path).toString());
            assertEquals(ToolOutput.error("refused: " + path + " is outside the working directory, and only paths "
                    + "inside it can be used"), output, path);
        }
        assertTrue(run("list_files", "{\"path\":\"escape\"}").content().startsWith("refused: escape is outside"));
        assertTrue(run("grep", "{\"pattern\":\"secret\",\"path\":\"..\"}").content().startsWith("refused: .. is outside"));
        consent = null;
        assertTrue(run("write_file", "{\"path\":\"escape/new.txt\",\"content\":\"x\"}").content()
                .startsWith("refused: escape/new.txt is outside"));
        assertEquals(ToolOutput.error("refused: dangling leads through a link to nothing"),
                run("write_file", "{\"path\":\"dangling\",\"content\":\"x\"}"));
        assertEquals(List.of(), asked, "nothing was asked for paths that were refused anyway");
        assertFalse(Files.exists(outside.resolve("new.txt")));
        assertFalse(Files.exists(outside.resolve("nothing-here")));
        // Grep walks past links rather than through them.
        assertEquals(ToolOutput.ok("no line in . matches the secret"), run("grep", "{\"pattern\":\"the secret\"}"));
    }

    @Test
    void aLinkThatStaysInsideIsFollowed() throws IOException {
        Files.createSymbolicLink(work.resolve("docs"), work.resolve("src"));
        assertEquals(ToolOutput.ok("todo: tests\nTODO: docs\n"), run("read_file", "{\"path\":\"docs/notes.md\"}"));
    }

    @Test
    void listsADirectoryOrAllBelowIt() throws IOException {
        assertEquals(ToolOutput.ok(".git/\nREADME.md\nsrc/\n"), run("list_files", "{}"));
        assertEquals(ToolOutput.ok("src/main/\nsrc/notes.md\n"), run("list_files", "{\"path\":\"src\"}"));
        assertEquals(ToolOutput.ok(".git/\nREADME.md\nsrc/\nsrc/main/\nsrc/main/App.java\nsrc/notes.md\n"),
                run("list_files", "{\"recursive\":true}"));
        assertEquals(ToolOutput.ok("README.md\nsrc/notes.md\n"),
                run("list_files", "{\"recursive\":true,\"glob\":\"*.md\"}"));
        assertEquals(ToolOutput.ok("src/main/App.java\n"),
                run("list_files", "{\"recursive\":true,\"glob\":\"src/**/*.java\"}"));
        assertEquals(ToolOutput.ok("(nothing in . matches *.py)"), run("list_files", "{\"glob\":\"*.py\"}"));
        assertEquals(ToolOutput.error("README.md is not a directory: read_file reads it"),
                run("list_files", "{\"path\":\"README.md\"}"));
    }

    @Test
    void aLongListingIsCut() throws IOException {
        Path many = Files.createDirectories(work.resolve("many"));
        for (int i = 0; i < ClientTools.MAX_ENTRIES + 20; i++) {
            Files.writeString(many.resolve("f%04d.txt".formatted(i)), "");
        }
        String listing = run("list_files", "{\"path\":\"many\"}").content();
        assertTrue(listing.startsWith("many/f0000.txt\nmany/f0001.txt\n"), listing);
        assertTrue(listing.contains("many/f0499.txt\n[cut: the first 500 entries shown; narrow it with glob or a "
                + "subdirectory]"), listing.substring(listing.length() - 200));
        assertFalse(listing.contains("f0500"), listing);
    }

    @Test
    void grepFindsMatchingLinesBelowThePath() throws IOException {
        assertEquals(ToolOutput.ok("src/main/App.java:2: // TODO start\nsrc/notes.md:2: TODO: docs\n"),
                run("grep", "{\"pattern\":\"TODO\"}"));
        assertEquals(ToolOutput.ok("src/notes.md:1: todo: tests\nsrc/notes.md:2: TODO: docs\n"),
                run("grep", "{\"pattern\":\"todo\",\"ignoreCase\":true,\"glob\":\"*.md\"}"));
        assertEquals(ToolOutput.ok("README.md:1: # Mosaic\n"), run("grep", "{\"pattern\":\"^#\",\"path\":\"README.md\"}"));
        assertEquals(ToolOutput.ok("no line in src matches nothing"), run("grep", "{\"pattern\":\"nothing\",\"path\":\"src\"}"));
        assertTrue(run("grep", "{\"pattern\":\"(unclosed\"}").content().startsWith("not a regular expression: "));
        Files.write(work.resolve("blob.bin"), new byte[] {'T', 'O', 'D', 'O', 0});
        assertFalse(run("grep", "{\"pattern\":\"TODO\"}").content().contains("blob.bin"), "binary files are skipped");
    }

    @Test
    void grepCapsItsMatchesAndShortensLongLines() throws IOException {
        Files.writeString(work.resolve("many.txt"), IntStream.range(0, ClientTools.MAX_MATCHES + 5)
                .mapToObj(i -> "match " + i).collect(Collectors.joining("\n")));
        Files.writeString(work.resolve("wide.txt"), "match " + "w".repeat(500));
        String found = run("grep", "{\"pattern\":\"match\"}").content();
        assertTrue(found.startsWith("many.txt:1: match 0\n"), found);
        assertTrue(found.contains("many.txt:200: match 199\n[cut: the first 200 matches shown; narrow the pattern, "
                + "path or glob]"), found.substring(found.length() - 200));
        assertFalse(found.contains("wide.txt"), "the walk stopped at the cap: " + found);

        String wide = run("grep", "{\"pattern\":\"match\",\"path\":\"wide.txt\"}").content();
        assertEquals("wide.txt:1: match " + "w".repeat(ClientTools.MAX_MATCH_LINE - 7) + "…\n", wide);
    }

    @Test
    void writingAsksFirstSayingWhereAndHowMuch() throws IOException {
        consent = null;
        assertEquals(ToolOutput.ok("wrote 6 bytes to notes/new.md"),
                run("write_file", "{\"path\":\"notes/new.md\",\"content\":\"hello\\n\"}"));
        assertEquals("hello\n", Files.readString(work.resolve("notes/new.md")));
        assertEquals(ToolOutput.ok("wrote 3 bytes to README.md"),
                run("write_file", "{\"path\":\"README.md\",\"content\":\"new\"}"));
        assertEquals(List.of("write 6 bytes to notes/new.md, a new file", "write 3 bytes to README.md, replacing its 29 bytes"),
                asked);

        consent = "refused: the person did not allow it";
        assertEquals(ToolOutput.error("refused: the person did not allow it"),
                run("write_file", "{\"path\":\"README.md\",\"content\":\"never\"}"));
        assertEquals("new", Files.readString(work.resolve("README.md")));
        assertEquals(ToolOutput.error("content is required: the file's text"), run("write_file", "{\"path\":\"x.md\"}"));
        assertEquals(3, asked.size(), "a call with bad arguments asks nothing");
    }

    @Test
    void withNoOneToAskNothingIsWritten() throws IOException {
        ClientTools unattended = new ClientTools(work, ClientTools.NO_ONE_TO_ASK);
        ToolOutput output = unattended.run("write_file", "{\"path\":\"out.txt\",\"content\":\"x\"}");
        assertTrue(output.isError());
        assertEquals("refused: this client runs without a person to ask (-m), and only its reading tools run without "
                + "consent, so it did not write 1 byte to out.txt, a new file", output.content());
        assertFalse(Files.exists(work.resolve("out.txt")));
        assertFalse(unattended.run("read_file", "{\"path\":\"README.md\"}").isError(), "reading needs no one");
    }

    @Test
    void badArgumentsAndUnknownToolsAreErrorsForTheModel() {
        assertEquals(ToolOutput.error("this client offers no tool delete_everything"), run("delete_everything", "{}"));
        assertTrue(run("read_file", "{\"path\":").content().startsWith("the arguments are not JSON: "));
        assertEquals(ToolOutput.error("the arguments must be a JSON object"), run("read_file", "[\"README.md\"]"));
        assertEquals(ToolOutput.error("path must be a string"), run("list_files", "{\"path\":3}"));
    }

    private ToolOutput run(String name, String arguments) {
        return tools.run(name, arguments);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
