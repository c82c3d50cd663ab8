package dev.mosaic.adapters.in.web;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.channel.Identity;
import dev.mosaic.application.port.in.RequestedModelQuery;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The OpenAI-compatible channel: {@code POST /v1/chat/completions} and {@code GET /v1/models}, so
 * that any tool or SDK that speaks OpenAI's Chat Completions API reaches the gateway with a Mosaic
 * token. Every exchange is stored as a conversation of that user; a model of the catalog answers
 * when the request names one, routing decides otherwise.
 */
final class OpenAiChannel extends ChatApiChannel {

    static final String NAME = "openai";
    static final String PATH = "/v1";
    /** The model name that lets routing decide, as is any name the catalog does not know. */
    static final String AUTO = RequestedModelQuery.AUTO;

    private final GatewayUseCases useCases;
    private final ServerFrames frames;
    private final GatewayMetrics metrics;

    OpenAiChannel(GatewayUseCases useCases, ServerFrames frames, GatewayMetrics metrics) {
        this.useCases = useCases;
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * Whether a request is this channel's; its errors then come in OpenAI's shape, even those the
     * web server raises before any route (a body over the limit, an unknown endpoint).
     */
    static boolean serves(String path) {
        return path.startsWith(PATH + "/") && !path.startsWith(GatewayServer.WEBSOCKET_PATH);
    }

    /** OpenAI's error shape; {@code code} is the gateway's stable code, {@code param} the field at fault. */
    static OpenAiBodies.Error errorBody(Rejection why) {
        return new OpenAiBodies.Error(new OpenAiBodies.ErrorDetail(why.message(), type(why.code()), why.field(),
                why.code().wireName()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/models", this::models).post("/chat/completions", this::completions);
    }

    private void models(ServerRequest req, ServerResponse res) {
        if (identify(req, res).isEmpty()) {
            return;
        }
        long now = Instant.now().getEpochSecond();
        List<OpenAiBodies.Model> models = Stream.concat(Stream.of(new OpenAiBodies.Model(AUTO, "model", now, "mosaic")),
                useCases.listModels().list().stream()
                        .map(m -> new OpenAiBodies.Model(m.provider() + "/" + m.id(), "model", now, m.provider())))
                .toList();
        send(res, Status.OK_200, new OpenAiBodies.Models("list", models));
    }

    private void completions(ServerRequest req, ServerResponse res) {
        Optional<UserId> user = identify(req, res);
        if (user.isEmpty()) {
            return;
        }
        ChatApis.converse(req, frames.json(), useCases, user.get(), NAME, OpenAiChatRequest::parse,
                OpenAiChatRequest::history, (request, conversation) -> new ChatApis.Ask(ChatApis.message(NAME,
                        user.get(), conversation, List.of(request.text()), request.results(), request.tools()),
                        request.model(), new Answer(user.get(), res, request)), this::answering, why -> error(res, why));
    }

    private Optional<UserId> identify(ServerRequest req, ServerResponse res) {
        return switch (sender(useCases.authenticate(), BearerToken.from(req.headers()).orElse(null))) {
            case Identity.Known(UserId user) -> Optional.of(user);
            case Identity.Refused(Rejection why) -> {
                error(res, why);
                yield Optional.empty();
            }
        };
    }

    private void error(ServerResponse res, Rejection why) {
        metrics.error(why.code().wireName());
        send(res, ChatApis.status(why.code()), errorBody(why));
    }

    private void send(ServerResponse res, Status status, Object body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(frames.write(body));
    }

    private static String type(ErrorCode code) {
        return switch (ChatApis.status(code).code()) {
            case 401 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 400, 409, 413 -> "invalid_request_error";
            default -> "server_error";
        };
    }

    private static String finishReason(StopReason reason) {
        return switch (reason) {
            case MAX_TOKENS -> "length";
            case CONTENT_FILTER, REFUSAL -> "content_filter";
            case TOOL_USE -> "tool_calls";
            default -> "stop";
        };
    }

    /** One request's answer: streamed as server-sent events, or sent whole at the end. */
    private final class Answer extends ChatApis.Answer {
        private final ServerResponse res;
        private final OpenAiChatRequest request;
        private final long created = Instant.now().getEpochSecond();
        private final ChatApis.EventStream events;
        private boolean roleSent;

        Answer(UserId user, ServerResponse res, OpenAiChatRequest request) {
            this.res = res;
            this.request = request;
            this.events = new ChatApis.EventStream(res, () -> headers(res),
                    () -> useCases.abortReply().abort(user, Objects.requireNonNull(conversation)));
        }

        @Override
        void piece(String piece) {
            if (request.stream()) {
                chunk(new OpenAiBodies.Delta(roleSent ? null : "assistant", piece, null), null);
                roleSent = true;
            }
        }

        @Override
        void end(Message answer, Optional<Rejection> failure) {
            var usage = answer.generation().usage();
            OpenAiBodies.Usage tokens = new OpenAiBodies.Usage(usage.inputTokens(), usage.outputTokens(),
                    usage.inputTokens() + usage.outputTokens());
            List<ContentBlock.ToolCall> calls = awaited();
            // Some providers end a turn with calls as an ordinary stop; the client must still run them.
            String finish = calls.isEmpty() ? finishReason(answer.generation().stopReason()) : "tool_calls";
            if (!request.stream()) {
                headers(res);
                if (failure.isPresent()) {
                    error(res, failure.get());
                    return;
                }
                String content = calls.isEmpty() || !text.isEmpty() ? text.toString() : null;
                send(res, Status.OK_200, new OpenAiBodies.Completion(id(), "chat.completion", created, model,
                        List.of(new OpenAiBodies.Choice(0, new OpenAiBodies.AssistantMessage("assistant", content,
                                toolCalls(calls, false)), finish)), tokens));
                return;
            }
            if (failure.isPresent()) {
                data(frames.write(errorBody(failure.get())));
            } else {
                // Each call whole in one chunk: the client learns of them only once the gateway ran its own.
                List<OpenAiBodies.ToolCall> streamed = toolCalls(calls, true);
                for (OpenAiBodies.ToolCall call : streamed) {
                    chunk(new OpenAiBodies.Delta(roleSent ? null : "assistant", null, List.of(call)), null);
                    roleSent = true;
                }
                chunk(new OpenAiBodies.Delta(null, null, null), finish);
                if (request.includeUsage()) {
                    data(frames.write(new OpenAiBodies.Chunk(id(), "chat.completion.chunk", created, model, List.of(),
                            tokens)));
                }
            }
            data("[DONE]");
            events.close();
        }

        private static List<OpenAiBodies.ToolCall> toolCalls(List<ContentBlock.ToolCall> calls, boolean indexed) {
            return IntStream.range(0, calls.size()).mapToObj(i -> new OpenAiBodies.ToolCall(
                    indexed ? i : null, calls.get(i).id(), "function", new OpenAiBodies.Function(calls.get(i).name(),
                            calls.get(i).argumentsJson()))).toList();
        }

        private String id() {
            return "chatcmpl-" + conversation.value();
        }

        private void chunk(OpenAiBodies.Delta delta, String finish) {
            data(frames.write(new OpenAiBodies.Chunk(id(), "chat.completion.chunk", created, model,
                    List.of(new OpenAiBodies.ChunkChoice(0, delta, finish)), null)));
        }

        private void data(String data) {
            events.write("data: " + data);
        }
    }
}
