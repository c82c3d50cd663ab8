package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.mosaic.simulator.Reply;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tools a client of the OpenAI- and Anthropic-compatible endpoints declares and runs itself, as
 * their own SDKs see it: the answer ends with the calls, and the next request brings the results.
 */
class ClientToolsEndToEndTest {

    private static final FunctionDefinition WEATHER = FunctionDefinition.builder().name("get_weather")
            .description("The weather in a city now")
            .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .build())
            .build();

    private static final Tool ANTHROPIC_WEATHER = Tool.builder().name("get_weather").description("The weather in a city now")
            .inputSchema(Tool.InputSchema.builder().properties(com.anthropic.core.JsonValue.from(
                    Map.of("city", Map.of("type", "string")))).build())
            .build();

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static ChatCompletionCreateParams.Builder askWithTools(String text) {
        return OpenAiSdkDriver.ask(null, text).addFunctionTool(WEATHER);
    }

    private static ChatCompletionToolMessageParam result(String callId, String content) {
        return ChatCompletionToolMessageParam.builder().toolCallId(callId).content(content).build();
    }

    @Test
    void openAiWholeAnswersEndWithTheCallAndTheNextRequestsResultGetsTheFinalAnswer() throws Exception {
        String token = harness.newUser();
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token)) {
            harness.simulator().script(Reply.toolCall("call_w1", "get_weather", "{\"city\":", "\"Paris\"}"));
            HttpResponseFor<ChatCompletion> first = sdk.sdk().chat().completions().withRawResponse()
                    .create(askWithTools("weather in Paris?").build());
            ChatCompletion.Choice choice = first.parse().choices().getFirst();

            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
            ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
            assertEquals("call_w1", call.id());
            assertEquals("get_weather", call.function().name());
            assertEquals("{\"city\":\"Paris\"}", call.function().arguments());
            assertTrue(harness.simulator().lastRequest().body().toString().contains("get_weather"),
                    "the model was offered the client's tool");

            harness.simulator().script(Reply.text("Sunny in Paris."));
            // No header: the history, calls and results included, finds the conversation.
            HttpResponseFor<ChatCompletion> second = sdk.sdk().chat().completions().withRawResponse().create(
                    askWithTools("weather in Paris?").addMessage(choice.message())
                            .addMessage(result("call_w1", "sunny, 21 C")).build());

            String conversation = first.headers().values(OpenAiSdkDriver.CONVERSATION).getFirst();
            assertEquals(conversation, second.headers().values(OpenAiSdkDriver.CONVERSATION).getFirst());
            assertEquals(Optional.of("Sunny in Paris."), second.parse().choices().getFirst().message().content());
            assertTrue(harness.simulator().lastRequest().body().toString().contains("sunny, 21 C"),
                    "the model read the client's result");
            assertStoredRound(conversation, token, "call_w1", "sunny, 21 C", "Sunny in Paris.");
        }
    }

    @Test
    void openAiStreamedAnswersEndWithTheCallChunksAndStillTheUsage() throws Exception {
        String token = harness.newUser();
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token)) {
            harness.simulator().script(Reply.text("Let me look.").withToolCall("call_s1", "get_weather",
                    "{\"city\":\"Rome\"}"));
            ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
            List<ChatCompletionChunk> chunks;
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = sdk.sdk().chat().completions().createStreaming(
                    askWithTools("weather in Rome?").streamOptions(ChatCompletionStreamOptions.builder()
                            .includeUsage(true).build()).build())) {
                chunks = stream.stream().peek(accumulated::accumulate).toList();
            }

            assertTrue(chunks.getLast().usage().isPresent(), "the usage still comes last when asked for");
            ChatCompletion.Choice choice = accumulated.chatCompletion().choices().getFirst();
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
            assertEquals(Optional.of("Let me look."), choice.message().content());
            ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
            assertEquals("call_s1", call.id());
            assertEquals("get_weather", call.function().name());
            assertEquals("{\"city\":\"Rome\"}", call.function().arguments());

            harness.simulator().script(Reply.text("Rain in ", "Rome."));
            ChatCompletionAccumulator answer = ChatCompletionAccumulator.create();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = sdk.sdk().chat().completions().createStreaming(
                    askWithTools("weather in Rome?").addMessage(choice.message())
                            .addMessage(result("call_s1", "rain, 14 C")).build())) {
                stream.stream().forEach(answer::accumulate);
            }

            assertEquals(Optional.of("Rain in Rome."), answer.chatCompletion().choices().getFirst().message().content());
            assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.chatCompletion().choices().getFirst().finishReason());
            String conversation = conversationOf(token);
            assertStoredRound(conversation, token, "call_s1", "rain, 14 C", "Rain in Rome.");
        }
    }

    @Test
    void openAiResultsForCallsTheConversationDoesNotAwaitAreRefusedAndNothingIsStored() throws Exception {
        String token = harness.newUser();
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token)) {
            harness.simulator().script(Reply.toolCall("call_m1", "get_weather", "{\"city\":\"Oslo\"}"));
            HttpResponseFor<ChatCompletion> first = sdk.sdk().chat().completions().withRawResponse()
                    .create(askWithTools("weather in Oslo?").build());
            ChatCompletionMessage calls = first.parse().choices().getFirst().message();
            String conversation = first.headers().values(OpenAiSdkDriver.CONVERSATION).getFirst();
            int requests = harness.chatRequests().size();

            BadRequestException refused = assertThrows(BadRequestException.class, () -> sdk.sdk().chat().completions()
                    .create(askWithTools("weather in Oslo?").putAdditionalHeader(OpenAiSdkDriver.CONVERSATION,
                            conversation).addMessage(calls).addMessage(result("call_other", "snow")).build()));

            assertEquals(Optional.of("invalid_input"), refused.code());
            assertTrue(refused.getMessage().contains("call_m1"), refused.getMessage());
            assertEquals(requests, harness.chatRequests().size(), "the model was not asked");
            JsonNode stored = harness.get("/api/conversations/" + conversation, token).body().path("messages");
            assertEquals(2, stored.size(), stored.toString());
            assertEquals("tool_call", stored.get(1).path("content").get(0).path("type").asText());

            try (OpenAiSdkDriver.Client stranger = OpenAiSdkDriver.client(harness, harness.newUser())) {
                com.openai.errors.NotFoundException foreign = assertThrows(com.openai.errors.NotFoundException.class,
                        () -> stranger.sdk().chat().completions().create(askWithTools("weather in Oslo?")
                                .putAdditionalHeader(OpenAiSdkDriver.CONVERSATION, conversation).addMessage(calls)
                                .addMessage(result("call_m1", "snow")).build()));
                assertEquals(Optional.of("not_found"), foreign.code(), "another user's calls cannot be answered");
            }
            assertEquals(2, harness.get("/api/conversations/" + conversation, token).body().path("messages").size());
        }
    }

    @Test
    void theResultsMayReachAnotherInstanceThanTheCalls() throws Exception {
        String token = harness.newUser();
        harness.simulator().script(Reply.toolCall("call_i1", "get_weather", "{\"city\":\"Lima\"}"));
        ChatCompletionMessage calls;
        try (OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(harness, token)) {
            calls = sdk.sdk().chat().completions().create(askWithTools("weather in Lima?").build()).choices().getFirst()
                    .message();
        }
        harness.simulator().script(Reply.text("Mild in Lima."));
        try (Gateway other = harness.startAnother(); OpenAiSdkDriver.Client sdk = OpenAiSdkDriver.client(other, token)) {
            ChatCompletion answer = sdk.sdk().chat().completions().create(askWithTools("weather in Lima?")
                    .addMessage(calls).addMessage(result("call_i1", "mild, 18 C")).build());

            assertEquals(Optional.of("Mild in Lima."), answer.choices().getFirst().message().content());
        }
        assertStoredRound(conversationOf(token), token, "call_i1", "mild, 18 C", "Mild in Lima.");
    }

    private static MessageCreateParams.Builder anthropicAsk(String text) {
        return AnthropicSdkDriver.ask(null, text).addTool(ANTHROPIC_WEATHER);
    }

    private static List<ContentBlockParam> anthropicResult(String callId, String content) {
        return List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(callId).content(content)
                .build()));
    }

    @Test
    void anthropicWholeAnswersEndWithTheToolUseAndTheNextRequestsResultGetsTheFinalAnswer() throws Exception {
        String token = harness.newUser();
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, token)) {
            harness.simulator().script(Reply.toolCall("toolu_w1", "get_weather", "{\"city\":", "\"Paris\"}"));
            com.anthropic.models.messages.Message first = sdk.sdk().messages().create(anthropicAsk("weather in Paris?")
                    .build());

            assertEquals(Optional.of(StopReason.TOOL_USE), first.stopReason());
            ToolUseBlock call = first.content().getLast().toolUse().orElseThrow();
            assertEquals("toolu_w1", call.id());
            assertEquals("get_weather", call.name());
            assertEquals(com.anthropic.core.JsonValue.from(Map.of("city", "Paris")), call._input());

            harness.simulator().script(Reply.text("Sunny in Paris."));
            // No header: the history, calls and results included, finds the conversation.
            com.anthropic.models.messages.Message second = sdk.sdk().messages().create(anthropicAsk("weather in Paris?")
                    .addMessage(first).addUserMessageOfContentBlockParams(anthropicResult("toolu_w1", "sunny, 21 C"))
                    .build());

            assertEquals("Sunny in Paris.", second.content().getFirst().text().orElseThrow().text());
            assertEquals(Optional.of(StopReason.END_TURN), second.stopReason());
            assertStoredRound(conversationOf(token), token, "toolu_w1", "sunny, 21 C", "Sunny in Paris.");
        }
    }

    @Test
    void anthropicStreamedAnswersEndWithTheToolUseBlocks() throws Exception {
        String token = harness.newUser();
        try (AnthropicSdkDriver.Client sdk = AnthropicSdkDriver.client(harness, token)) {
            harness.simulator().script(Reply.text("Let me look.").withToolCall("toolu_s1", "get_weather",
                    "{\"city\":\"Rome\"}"));
            MessageAccumulator first = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> events = sdk.sdk().messages().createStreaming(
                    anthropicAsk("weather in Rome?").build())) {
                events.stream().forEach(first::accumulate);
            }

            com.anthropic.models.messages.Message calls = first.message();
            assertEquals(Optional.of(StopReason.TOOL_USE), calls.stopReason());
            assertEquals("Let me look.", calls.content().getFirst().text().orElseThrow().text());
            ToolUseBlock call = calls.content().get(1).toolUse().orElseThrow();
            assertEquals("toolu_s1", call.id());
            assertEquals(com.anthropic.core.JsonValue.from(Map.of("city", "Rome")), call._input());

            harness.simulator().script(Reply.text("Rain in ", "Rome."));
            MessageAccumulator second = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> events = sdk.sdk().messages().createStreaming(
                    anthropicAsk("weather in Rome?").addMessage(calls)
                            .addUserMessageOfContentBlockParams(anthropicResult("toolu_s1", "rain, 14 C")).build())) {
                events.stream().forEach(second::accumulate);
            }

            assertEquals("Rain in Rome.", second.message().content().getFirst().text().orElseThrow().text());
            assertStoredRound(conversationOf(token), token, "toolu_s1", "rain, 14 C", "Rain in Rome.");
        }
    }

    /** The one conversation of a new user. */
    private static String conversationOf(String token) throws Exception {
        JsonNode list = harness.get("/api/conversations", token).body().path("conversations");
        assertEquals(1, list.size(), list.toString());
        return list.get(0).path("conversationId").asText();
    }

    /** The stored conversation holds the question, the call, the client's result and the answer. */
    private static void assertStoredRound(String conversation, String token, String callId, String result,
            String answer) throws Exception {
        JsonNode messages = harness.get("/api/conversations/" + conversation, token).body().path("messages");
        assertEquals(List.of("user", "assistant", "tool", "assistant"),
                java.util.stream.StreamSupport.stream(messages.spliterator(), false).map(m -> m.path("role").asText())
                        .toList(), messages.toString());
        JsonNode call = messages.get(1).path("content");
        assertEquals(callId, call.get(call.size() - 1).path("id").asText(), call.toString());
        assertEquals(callId, messages.get(2).path("content").get(0).path("toolCallId").asText());
        assertEquals(result, messages.get(2).path("content").get(0).path("content").asText());
        assertEquals(answer, messages.get(3).path("content").get(0).path("text").asText());
    }
}
