package dev.mosaic.adapters.in.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import dev.mosaic.domain.conversation.ContentBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicMessagesRequestTest {

    private final ObjectMapper json = WebJson.mapper();

    private AnthropicMessagesRequest parse(String body) throws Exception {
        return AnthropicMessagesRequest.parse(json.readTree(body));
    }

    private String refusedField(String body) {
        ChatApis.Invalid invalid = assertThrows(ChatApis.Invalid.class, () -> parse(body));
        assertEquals(ErrorCode.INVALID_INPUT, invalid.rejection().code());
        return invalid.rejection().field();
    }

    @Test
    void theLastMessageIsTheTextAndTheOnesBeforeItTheHistory() throws Exception {
        AnthropicMessagesRequest request = parse("""
                {"model":"auto","max_tokens":1024,"stream":true,"system":"","metadata":{"user_id":"u1"},
                 "messages":[{"role":"user","content":[{"type":"text","text":"a quote"},{"type":"text","text":"hi"}]},
                             {"role":"assistant","content":"hello"},
                             {"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":"second"}]}]}""");

        assertEquals("auto", request.model());
        assertTrue(request.stream());
        assertEquals(List.of("first", "second"), request.text());
        assertEquals(List.of(new Turn("user", "a quote\n\nhi"), new Turn("assistant", "hello")),
                request.history());
    }

    @Test
    void aStringContentIsOneBlockAndStreamingIsOffUnlessAsked() throws Exception {
        AnthropicMessagesRequest request = parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertFalse(request.stream());
        assertEquals(List.of("hi"), request.text());
        assertTrue(request.history().isEmpty());
    }

    @Test
    void whatTheGatewayCannotTakeIsRefusedNamingTheField() {
        String hi = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        assertEquals("body", refusedField("[]"));
        assertEquals("model", refusedField("{" + hi + "}"));
        assertEquals("max_tokens", refusedField("{\"model\":\"auto\",\"max_tokens\":0," + hi + "}"));
        assertEquals("max_tokens", refusedField("{\"model\":\"auto\",\"max_tokens\":1.5," + hi + "}"));
        assertEquals("system", refusedField("{\"model\":\"auto\",\"system\":\"be brief\"," + hi + "}"));
        assertEquals("system", refusedField("{\"model\":\"auto\",\"system\":[{\"type\":\"text\",\"text\":\"be brief\"}]," + hi + "}"));
        assertEquals("tools.0", refusedField("{\"model\":\"auto\",\"tools\":[{\"name\":\"t\"}]," + hi + "}"));
        assertEquals("tools.0", refusedField("{\"model\":\"auto\",\"tools\":[{\"type\":\"web_search_20250305\","
                + "\"name\":\"web_search\"}]," + hi + "}"));
        assertEquals("tool_choice", refusedField("{\"model\":\"auto\",\"tool_choice\":{\"type\":\"any\"}," + hi + "}"));
        assertEquals("metadata", refusedField("{\"model\":\"auto\",\"metadata\":\"u1\"," + hi + "}"));
        assertEquals("stream", refusedField("{\"model\":\"auto\",\"stream\":\"yes\"," + hi + "}"));
        assertEquals("messages", refusedField("{\"model\":\"auto\",\"messages\":[]}"));
        assertEquals("messages.0.role", refusedField("{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}"));
        assertEquals("messages.0.content", refusedField("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[]}]}"));
        assertEquals("messages.0.content", refusedField("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"text","text":"see"},
                 {"type":"tool_result","tool_use_id":"t1","content":"42"}]}]}"""));
        assertEquals("messages.0.content.0", refusedField("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]}]}"""));
        assertEquals("messages", refusedField("""
                {"model":"auto","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"""));
    }

    @Test
    void aLastMessageOfToolResultsBringsThemAndTheCallsAndResultsBeforeArePartOfTheHistory() throws Exception {
        AnthropicMessagesRequest request = parse("""
                {"model":"auto","max_tokens":1024,"tool_choice":{"type":"auto"},
                 "tools":[{"name":"get_weather","description":"the weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
                 "messages":[{"role":"user","content":"weather?"},
                   {"role":"assistant","content":[{"type":"text","text":"Looking."},{"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Oslo"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"snow"},{"type":"text","text":"and Rome?"}]},
                   {"role":"assistant","content":[{"type":"tool_use","id":"t2","name":"get_weather","input":{"city":"Rome"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"rain"}],"is_error":false}]}]}""");

        assertEquals(List.of(new Turn("user", "weather?"), new Turn("assistant", "Looking.", List.of("t1")),
                new Turn("tool", "", List.of("t1")), new Turn("user", "and Rome?"),
                new Turn("assistant", "", List.of("t2"))), request.history());
        assertEquals(List.of(new ContentBlock.ToolResult("t2", "rain", false)), request.results());
        assertEquals(List.of(), request.text());
        assertEquals("get_weather", request.tools().getFirst().name());
        assertEquals(List.of(), parse("""
                {"model":"auto","tool_choice":{"type":"none"},"tools":[{"name":"f","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"hi"}]}""").tools());
    }

    @Test
    void errorsAreAnthropicsTypesWithTheGatewaysCode() {
        AnthropicBodies.Error unknown = AnthropicChannel.errorBody(Rejection.notFound("conversation"));
        assertEquals("error", unknown.type());
        assertEquals("not_found_error", unknown.error().type());
        assertEquals("not_found", unknown.error().details().errorCode());

        assertEquals(529, AnthropicChannel.status(ErrorCode.PROVIDER_OVERLOADED).code());
        assertEquals("overloaded_error", AnthropicChannel.errorBody(new Rejection(ErrorCode.PROVIDER_OVERLOADED, "busy"))
                .error().type());
        assertEquals("authentication_error", AnthropicChannel.errorBody(new Rejection(ErrorCode.TOKEN_EXPIRED, "old"))
                .error().type());
        assertEquals("permission_error", AnthropicChannel.errorBody(new Rejection(ErrorCode.FORBIDDEN, "no")).error().type());
        assertEquals("rate_limit_error", AnthropicChannel.errorBody(new Rejection(ErrorCode.PROVIDER_RATE_LIMITED, "slow"))
                .error().type());
        assertEquals("api_error", AnthropicChannel.errorBody(new Rejection(ErrorCode.PROVIDER_BAD_REQUEST, "odd")).error().type());
        assertEquals("invalid_request_error", AnthropicChannel.errorBody(Rejection.invalid("model", "is required"))
                .error().type());
    }
}
