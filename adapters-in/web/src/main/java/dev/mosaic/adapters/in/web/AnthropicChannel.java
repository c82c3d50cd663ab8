package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.channel.Identity;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Anthropic-compatible channel: {@code POST /v1/messages}, and {@code GET /v1/models} for a
 * client that sends {@code anthropic-version} (as Anthropic's SDKs do; OpenAI's do not), so that
 * any tool or SDK that speaks Anthropic's Messages API reaches the gateway with a Mosaic token.
 * Every exchange is stored as a conversation of that user; a model of the catalog answers when the
 * request names one, routing decides otherwise.
 */
final class AnthropicChannel extends ChatApiChannel {

    static final String NAME = "anthropic";
    static final String PATH = "/v1";
    private static final HeaderName API_KEY = HeaderNames.create("x-api-key");
    private static final HeaderName VERSION = HeaderNames.create("anthropic-version");
    /** The status Anthropic gives an overloaded API; its SDKs retry it. */
    private static final Status OVERLOADED = Status.create(529, "Overloaded");

    private final GatewayUseCases useCases;
    private final ServerFrames frames;
    private final GatewayMetrics metrics;

    AnthropicChannel(GatewayUseCases useCases, ServerFrames frames, GatewayMetrics metrics) {
        this.useCases = useCases;
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * Whether a request is this channel's; its errors then come in Anthropic's shape, even those the
     * web server raises before any route (a body over the limit, an unknown endpoint).
     */
    static boolean serves(String path, Headers headers) {
        return path.equals(PATH + "/messages") || path.startsWith(PATH + "/messages/")
                || (OpenAiChannel.serves(path) && headers.contains(VERSION));
    }

    /** Anthropic's error shape; {@code details.error_code} is the gateway's stable code. */
    static AnthropicBodies.Error errorBody(Rejection why) {
        return new AnthropicBodies.Error(new AnthropicBodies.ErrorDetail(type(why.code()), why.message(),
                new AnthropicBodies.Details(why.code().wireName())));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/models", this::models).post("/messages", this::messages);
    }

    /** Anthropic's model list, for its clients only: others go on to the OpenAI-compatible list. */
    private void models(ServerRequest req, ServerResponse res) {
        if (!req.headers().contains(VERSION)) {
            res.next();
            return;
        }
        if (identify(req, res).isEmpty()) {
            return;
        }
        String now = Instant.now().toString();
        List<AnthropicBodies.Model> models = Stream.concat(
                Stream.of(new AnthropicBodies.Model("model", OpenAiChannel.AUTO, "Routing decides", now)),
                useCases.listModels().list().stream().map(m -> new AnthropicBodies.Model("model",
                        m.provider() + "/" + m.id(), m.displayName(), now)))
                .toList();
        send(res, Status.OK_200, new AnthropicBodies.Models(models, false, models.getFirst().id(), models.getLast().id()));
    }

    private void messages(ServerRequest req, ServerResponse res) {
        Optional<UserId> user = identify(req, res);
        if (user.isEmpty()) {
            return;
        }
        ChatApis.converse(req, frames.json(), useCases, user.get(), NAME, AnthropicMessagesRequest::parse,
                AnthropicMessagesRequest::history, (request, conversation) -> new ChatApis.Ask(ChatApis.message(NAME,
                        user.get(), conversation, request.text(), request.results(), request.tools()), request.model(),
                        new Answer(user.get(), res, request)),
                this::answering, why -> error(res, why));
    }

    /** The token, as Anthropic's SDKs send it ({@code x-api-key}) or as a bearer token. */
    private Optional<UserId> identify(ServerRequest req, ServerResponse res) {
        String token = req.headers().first(API_KEY).map(String::strip)
                .or(() -> BearerToken.from(req.headers())).orElse(null);
        return switch (sender(useCases.authenticate(), token)) {
            case Identity.Known(UserId user) -> Optional.of(user);
            case Identity.Refused(Rejection why) -> {
                error(res, why);
                yield Optional.empty();
            }
        };
    }

    private void error(ServerResponse res, Rejection why) {
        metrics.error(why.code().wireName());
        send(res, status(why.code()), errorBody(why));
    }

    private void send(ServerResponse res, Status status, Object body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(frames.write(body));
    }

    static Status status(ErrorCode code) {
        return code == ErrorCode.PROVIDER_OVERLOADED ? OVERLOADED : ChatApis.status(code);
    }

    private static String type(ErrorCode code) {
        return switch (status(code).code()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            case 400 -> "invalid_request_error";
            default -> "api_error";
        };
    }

    private static String stopReason(StopReason reason) {
        return switch (reason) {
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_USE -> "tool_use";
            case CONTENT_FILTER, REFUSAL -> "refusal";
            default -> "end_turn";
        };
    }

    /**
     * One request's answer: streamed as Anthropic's events, opened at the first piece of text so
     * that a provider that fails before any still gets an error status; or sent whole at the end.
     */
    private final class Answer extends ChatApis.Answer {
        private final ServerResponse res;
        private final AnthropicMessagesRequest request;
        private final ChatApis.EventStream events;
        private boolean opened;
        private boolean textOpened;

        Answer(UserId user, ServerResponse res, AnthropicMessagesRequest request) {
            this.res = res;
            this.request = request;
            this.events = new ChatApis.EventStream(res, () -> headers(res),
                    () -> useCases.abortReply().abort(user, Objects.requireNonNull(conversation)));
        }

        @Override
        void piece(String piece) {
            if (request.stream()) {
                open();
                event("content_block_delta", new AnthropicBodies.ContentBlockDelta(0, piece));
            }
        }

        @Override
        void end(Message answer, Optional<Rejection> failure) {
            var usage = answer.generation().usage();
            AnthropicBodies.Usage tokens = new AnthropicBodies.Usage(usage.inputTokens(), usage.outputTokens());
            List<ContentBlock.ToolCall> calls = awaited();
            // Some providers end a turn with calls as an ordinary stop; the client must still run them.
            String stop = calls.isEmpty() ? stopReason(answer.generation().stopReason()) : "tool_use";
            if (!request.stream() || (!opened && failure.isPresent())) {
                headers(res);
                if (failure.isPresent()) {
                    error(res, failure.get());
                    return;
                }
                List<AnthropicBodies.Block> content = new ArrayList<>();
                if (!text.isEmpty()) {
                    content.add(new AnthropicBodies.Text(text.toString()));
                }
                calls.forEach(call -> content.add(new AnthropicBodies.ToolUse(call.id(), call.name(),
                        input(call.argumentsJson()))));
                send(res, Status.OK_200, new AnthropicBodies.Message(id(), content, model, stop, tokens));
                return;
            }
            if (failure.isPresent()) {
                event("error", errorBody(failure.get()));
            } else {
                open();
                int index = 0;
                if (textOpened) {
                    event("content_block_stop", new AnthropicBodies.ContentBlockStop(index++));
                }
                // Each call whole in one delta: the client learns of them only once the gateway ran its own.
                for (ContentBlock.ToolCall call : calls) {
                    event("content_block_start", new AnthropicBodies.ContentBlockStart(index, new AnthropicBodies.ToolUse(
                            call.id(), call.name(), frames.json().createObjectNode())));
                    event("content_block_delta", new AnthropicBodies.ContentBlockDelta("content_block_delta", index,
                            new AnthropicBodies.InputJsonDelta(call.argumentsJson())));
                    event("content_block_stop", new AnthropicBodies.ContentBlockStop(index++));
                }
                event("message_delta", new AnthropicBodies.MessageDelta(stop, tokens));
                event("message_stop", AnthropicBodies.MessageStop.STOP);
            }
            events.close();
        }

        /**
         * The events before the first piece of text: the message, its text block, a ping. An answer
         * of tool calls alone has no text block.
         */
        private void open() {
            if (opened) {
                return;
            }
            opened = true;
            event("message_start", new AnthropicBodies.MessageStart(
                    new AnthropicBodies.Message(id(), List.of(), model, null, new AnthropicBodies.Usage(0, 0))));
            if (!text.isEmpty() || awaited().isEmpty()) {
                textOpened = true;
                event("content_block_start", new AnthropicBodies.ContentBlockStart(0, new AnthropicBodies.Text("")));
            }
            event("ping", AnthropicBodies.Ping.PING);
        }

        /** A call's arguments as the object Anthropic sends; arguments cut off read as an empty one. */
        private JsonNode input(String arguments) {
            try {
                JsonNode input = frames.json().readTree(arguments);
                return input != null && input.isObject() ? input : frames.json().createObjectNode();
            } catch (JsonProcessingException e) {
                return frames.json().createObjectNode();
            }
        }

        private String id() {
            return "msg_" + (reply == null ? conversation.value() : reply.value()).toString().replace("-", "");
        }

        private void event(String type, Object data) {
            events.write("event: " + type + "\ndata: " + frames.write(data));
        }
    }
}
