package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesEveryBlockInTheDocumentedShape() throws Exception {
        String written = ContentJson.write(List.of(
                new ContentBlock.Text("Hi"),
                new ContentBlock.Thinking("hmm", "sig"),
                new ContentBlock.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ContentBlock.ToolResult("call_1", "sunny", true)));
        assertEquals(JSON.readTree("""
                [{"type":"text","text":"Hi"},
                 {"type":"thinking","text":"hmm","signature":"sig"},
                 {"type":"tool_call","id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                 {"type":"tool_result","toolCallId":"call_1","content":"sunny","isError":true}]"""),
                JSON.readTree(written));
    }

    @Test
    void readsBackWhatItWroteWithAbsentSignaturesAndArgumentsVerbatim() {
        List<ContentBlock> blocks = List.of(
                new ContentBlock.Thinking("no signature", null),
                new ContentBlock.ToolCall("call_1", "search", "{ \"q\" :  \"spaces kept\" }"),
                new ContentBlock.ToolCall("call_2", "search", "{\"q\": \"cut off mid-str"),
                new ContentBlock.ToolResult("call_1", "nothing found", false));
        assertEquals(blocks, ContentJson.read(ContentJson.write(blocks)));
    }

    @Test
    void anUnknownBlockTypeIsAnError() {
        assertThrows(IllegalStateException.class, () -> ContentJson.read("[{\"type\":\"image\"}]"));
    }

    @Test
    void aNulCharacterWhichPostgresCannotStoreBecomesAReplacementCharacter() {
        List<ContentBlock> read = ContentJson.read(ContentJson.write(List.of(new ContentBlock.Text("a\0b"))));
        assertEquals(List.of(new ContentBlock.Text("a\uFFFDb")), read);
    }
}
