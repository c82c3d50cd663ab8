package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiChatRequestTest {

    private final ObjectMapper json = WebJson.mapper();

    private OpenAiChatRequest parse(String body) throws Exception {
        return OpenAiChatRequest.parse(json.readTree(body));
    }

    private String refusedField(String body) {
        ChatApis.Invalid invalid = assertThrows(ChatApis.Invalid.class, () -> parse(body));
        assertEquals(ErrorCode.INVALID_INPUT, invalid.rejection().code());
        return invalid.rejection().field();
    }

    @Test
    void theLastMessageIsTheTextAndTheOnesBeforeItTheHistory() throws Exception {
        OpenAiChatRequest request = parse("""
                {"model":"mosaic/auto","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"text","text":"hel"},{"type":"text","text":"lo"}]},
                             {"role":"user","content":"again"}]}""");

        assertEquals("mosaic/auto", request.model());
        assertTrue(request.stream());
        assertTrue(request.includeUsage());
        assertEquals("again", request.text());
        assertEquals(List.of(new Turn("user", "hi"), new Turn("assistant", "hello")),
                request.history());
    }

    @Test
    void wholeAnswersAreTheDefault() throws Exception {
        OpenAiChatRequest request = parse("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(false, request.stream());
        assertEquals(false, request.includeUsage());
        assertEquals(List.of(), request.history());
    }

    @Test
    void whatTheGatewayDoesNotTakeIsRefusedNamingTheField() {
        assertEquals("body", refusedField("[]"));
        assertEquals("model", refusedField("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals("messages", refusedField("{\"model\":\"m\",\"prompt\":\"hi\"}"));
        assertEquals("messages", refusedField("{\"model\":\"m\",\"messages\":[]}"));
        assertEquals("messages[0].role",
                refusedField("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals("messages[0].tool_call_id", refusedField("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}"));
        assertEquals("messages", refusedField("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}"));
        assertEquals("messages[0].content", refusedField(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]}"));
        assertEquals("stream", refusedField("{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    @Test
    void trailingToolMessagesAreTheResultsAndTheCallsAndResultsBeforeArePartOfTheHistory() throws Exception {
        OpenAiChatRequest request = parse("""
                {"model":"m","tools":[{"type":"function","function":{"name":"get_weather","description":"the weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"auto",
                 "messages":[{"role":"user","content":"weather?"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                   {"role":"tool","tool_call_id":"c1","content":"sunny"},
                   {"role":"assistant","content":"Sunny.","tool_calls":[{"id":"c2","type":"function","function":{"name":"get_weather","arguments":"{}"}},
                                                                        {"id":"c3","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                   {"role":"tool","tool_call_id":"c2","content":"rain"},{"role":"tool","tool_call_id":"c3","content":[{"type":"text","text":"snow"}]}]}""");

        assertEquals(List.of(new Turn("user", "weather?"), new Turn("assistant", "", List.of("c1")),
                new Turn("tool", "", List.of("c1")), new Turn("assistant", "Sunny.", List.of("c2", "c3"))),
                request.history());
        assertEquals(List.of(new ContentBlock.ToolResult("c2", "rain", false), new ContentBlock.ToolResult("c3", "snow",
                false)), request.results());
        assertEquals("", request.text());
        assertEquals("get_weather", request.tools().getFirst().name());
        assertTrue(request.tools().getFirst().parametersSchema().contains("\"city\""));
    }

    @Test
    void toolChoiceNoneOffersNoToolAndAForcedChoiceIsRefused() throws Exception {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],";
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertEquals(List.of(), parse("{\"model\":\"m\"," + tools + "\"tool_choice\":\"none\"," + messages).tools());
        assertEquals("tool_choice", refusedField("{\"model\":\"m\"," + tools + "\"tool_choice\":\"required\"," + messages));
        assertEquals("tools[0]", refusedField("{\"model\":\"m\",\"tools\":[{\"type\":\"custom\"}]," + messages));
        assertEquals("tools[0].function", refusedField("{\"model\":\"m\",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"no spaces\"}}]," + messages));
    }

    @Test
    void statusesAreOpenAisSoThatTheSdksRetryWhatTheyShould() {
        assertEquals(401, ChatApis.status(ErrorCode.TOKEN_REVOKED).code());
        assertEquals(404, ChatApis.status(ErrorCode.NOT_FOUND).code());
        assertEquals(409, ChatApis.status(ErrorCode.REPLY_IN_PROGRESS).code());
        assertEquals(429, ChatApis.status(ErrorCode.PROVIDER_RATE_LIMITED).code());
        assertEquals(502, ChatApis.status(ErrorCode.PROVIDER_BAD_REQUEST).code());
        assertEquals(503, ChatApis.status(ErrorCode.CHANNEL_UNAVAILABLE).code());
        assertEquals(400, ChatApis.status(ErrorCode.INVALID_INPUT).code());
    }
}
