package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.channel.ChannelAdapter;
import dev.mosaic.application.channel.ChannelHealth;
import dev.mosaic.application.channel.Delivery;
import dev.mosaic.application.channel.Identity;
import dev.mosaic.application.channel.InboundMessage;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.port.in.ConversationView;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.conversation.StopReason;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The OpenAI-compatible channel: {@code POST /v1/chat/completions} and {@code GET /v1/models}, so
 * that any tool or SDK that speaks OpenAI's Chat Completions API reaches the gateway with a Mosaic
 * token. Every exchange is stored as a conversation of that user; routing decides the model.
 */
final class OpenAiChannel implements ChannelAdapter, HttpService {

    static final String NAME = "openai";
    static final String PATH = "/v1";
    /** The model name that lets routing decide; any other name does the same for now. */
    static final String AUTO = "mosaic/auto";
    static final HeaderName CONVERSATION = HeaderNames.create("X-Mosaic-Conversation");
    static final HeaderName MODEL = HeaderNames.create("X-Mosaic-Model");

    private final GatewayUseCases useCases;
    private final ServerFrames frames;
    private final GatewayMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean started;

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

    /** Streams when the request asks ({@code "stream": true}); whole answers otherwise. */
    @Override
    public Delivery delivery() {
        return Delivery.STREAMED;
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public ChannelHealth health() {
        return started
                ? new ChannelHealth(ChannelHealth.State.UP, inFlight.get(), inFlight.get() + " request(s) answering")
                : new ChannelHealth(ChannelHealth.State.DOWN, 0, "not accepting requests");
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
        OpenAiChatRequest request;
        Optional<ConversationId> conversation;
        try (InputStream in = req.content().inputStream()) {
            request = OpenAiChatRequest.parse(frames.json().readTree(in));
            conversation = conversationHeader(req);
        } catch (OpenAiChatRequest.Invalid invalid) {
            error(res, invalid.rejection());
            return;
        } catch (JacksonException e) {
            error(res, new Rejection(ErrorCode.INVALID_INPUT, "the body is not well-formed JSON: " + e.getOriginalMessage()));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<Rejection> contradiction = contradicts(user.get(), conversation, request.history());
        if (contradiction.isPresent()) {
            error(res, contradiction.get());
            return;
        }
        InboundMessage message;
        try {
            message = InboundMessage.text(NAME, user.get(), conversation, request.text(),
                    req.headers().first(HeaderNames.create("Idempotency-Key")).orElse(null));
        } catch (IllegalArgumentException e) {
            error(res, Rejection.invalid("messages", e.getMessage()));
            return;
        }
        inFlight.incrementAndGet();
        try {
            Answer answer = new Answer(user.get(), res, request);
            SendOutcome outcome = useCases.sendMessage().send(message.toCommand(ClientToolListener.NONE), answer::on);
            if (outcome instanceof SendOutcome.Rejected(Rejection why)) {
                error(res, why);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * The client's history must be the stored conversation's, turn for turn: a client that has it
     * wrong would get an answer to a conversation it does not see. Without a conversation there is
     * nothing to go on from, so a history is refused rather than silently dropped.
     */
    private Optional<Rejection> contradicts(UserId user, Optional<ConversationId> conversation,
            List<OpenAiChatRequest.Turn> history) {
        if (history.isEmpty()) {
            return Optional.empty();
        }
        if (conversation.isEmpty()) {
            return Optional.of(Rejection.invalid("messages", "earlier messages need the conversation they belong to:"
                    + " send the " + CONVERSATION.defaultCase() + " header of the previous answer"));
        }
        Optional<ConversationView> view = useCases.getConversation().get(user, conversation.get());
        if (view.isEmpty()) {
            return Optional.of(Rejection.notFound("conversation"));
        }
        List<OpenAiChatRequest.Turn> stored = view.get().messages().stream()
                .filter(m -> m.role() != Role.TOOL && !m.text().isEmpty())
                .map(m -> new OpenAiChatRequest.Turn(m.role() == Role.USER ? "user" : "assistant", m.text()))
                .toList();
        return stored.equals(history) ? Optional.empty() : Optional.of(new Rejection(ErrorCode.EDIT_CONFLICT,
                "the messages sent are not the stored conversation's (" + stored.size() + " stored turns);"
                        + " send them as the previous answers left them, or start a new conversation"));
    }

    private static Optional<ConversationId> conversationHeader(ServerRequest req) throws OpenAiChatRequest.Invalid {
        Optional<String> value = req.headers().first(CONVERSATION);
        try {
            return value.map(ConversationId::parse);
        } catch (IllegalArgumentException e) {
            throw new OpenAiChatRequest.Invalid(CONVERSATION.defaultCase(), "is not a conversation id");
        }
    }

    private Optional<UserId> identify(ServerRequest req, ServerResponse res) {
        if (!started) {
            error(res, new Rejection(ErrorCode.CHANNEL_UNAVAILABLE, "the gateway is not accepting requests now"));
            return Optional.empty();
        }
        String token = BearerToken.from(req.headers()).orElse(null);
        return switch (Identity.of(useCases.authenticate().authenticate(token))) {
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

    /** OpenAI's statuses, so that the SDKs' retries behave: they retry 409, 429 and 5xx. */
    static Status status(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED, TOKEN_EXPIRED, TOKEN_REVOKED -> Status.UNAUTHORIZED_401;
            case FORBIDDEN -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case REPLY_IN_PROGRESS, EDIT_CONFLICT -> Status.CONFLICT_409;
            case BODY_TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case PROVIDER_RATE_LIMITED -> Status.TOO_MANY_REQUESTS_429;
            case PROVIDER_OVERLOADED, PROVIDER_UNAVAILABLE, CHANNEL_UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case PROVIDER_TIMEOUT -> Status.GATEWAY_TIMEOUT_504;
            case INTERNAL -> Status.INTERNAL_SERVER_ERROR_500;
            default -> code.wireName().startsWith("provider_") ? Status.BAD_GATEWAY_502 : Status.BAD_REQUEST_400;
        };
    }

    private static String type(ErrorCode code) {
        return switch (status(code).code()) {
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
    private final class Answer {
        private final UserId user;
        private final ServerResponse res;
        private final OpenAiChatRequest request;
        private final long created = Instant.now().getEpochSecond();
        private final StringBuilder text = new StringBuilder();
        private ConversationId conversation;
        private String model;
        private OutputStream stream;
        private boolean roleSent;

        Answer(UserId user, ServerResponse res, OpenAiChatRequest request) {
            this.user = user;
            this.res = res;
            this.request = request;
        }

        void on(ConversationEvent event) {
            switch (event) {
                case ConversationEvent.SessionInfo info -> {
                    conversation = info.conversationId();
                    model = info.provider() + "/" + info.model();
                }
                case ConversationEvent.ReplyDelta delta when delta.kind() == ConversationEvent.DeltaKind.TEXT -> {
                    text.append(delta.text());
                    if (request.stream()) {
                        chunk(new OpenAiBodies.Delta(roleSent ? null : "assistant", delta.text()), null);
                        roleSent = true;
                    }
                }
                case ConversationEvent.ReplyEnded ended when !ended.continues() -> end(ended.message());
                default -> {
                }
            }
        }

        private void end(Message answer) {
            model = answer.generation().provider() + "/" + answer.generation().model();
            var usage = answer.generation().usage();
            OpenAiBodies.Usage tokens = new OpenAiBodies.Usage(usage.inputTokens(), usage.outputTokens(),
                    usage.inputTokens() + usage.outputTokens());
            String finish = finishReason(answer.generation().stopReason());
            boolean failed = answer.status() == MessageStatus.PARTIAL && answer.generation().error() != null;
            if (!request.stream()) {
                if (failed) {
                    ErrorCode code = ErrorCode.fromWireName(answer.generation().error().code()).orElse(ErrorCode.INTERNAL);
                    headers();
                    error(res, new Rejection(code, answer.generation().error().message()));
                    return;
                }
                headers();
                send(res, Status.OK_200, new OpenAiBodies.Completion(id(), "chat.completion", created, model,
                        List.of(new OpenAiBodies.Choice(0, new OpenAiBodies.AssistantMessage("assistant", text.toString()),
                                finish)), tokens));
                return;
            }
            if (failed) {
                var error = answer.generation().error();
                ErrorCode code = ErrorCode.fromWireName(error.code()).orElse(ErrorCode.INTERNAL);
                write(frames.write(errorBody(new Rejection(code, error.message()))));
            } else {
                chunk(new OpenAiBodies.Delta(null, null), finish);
                if (request.includeUsage()) {
                    write(frames.write(new OpenAiBodies.Chunk(id(), "chat.completion.chunk", created, model, List.of(),
                            tokens)));
                }
            }
            write("[DONE]");
            try {
                stream.close();
            } catch (IOException e) {
                throw new IllegalStateException("the client went away", e);
            }
        }

        private String id() {
            return "chatcmpl-" + conversation.value();
        }

        private void headers() {
            res.header(CONVERSATION, conversation.value().toString());
            res.header(MODEL, model);
        }

        private void chunk(OpenAiBodies.Delta delta, String finish) {
            write(frames.write(new OpenAiBodies.Chunk(id(), "chat.completion.chunk", created, model,
                    List.of(new OpenAiBodies.ChunkChoice(0, delta, finish)), null)));
        }

        /**
         * One event. A client that went away stops its answer, as closing the stream does with
         * OpenAI: what arrived is stored as partial.
         */
        private void write(String data) {
            try {
                if (stream == null) {
                    headers();
                    res.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, "text/event-stream")
                            .header(HeaderNames.CACHE_CONTROL, "no-cache");
                    stream = res.outputStream();
                }
                stream.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
                stream.flush();
            } catch (IOException | RuntimeException e) {
                // Helidon reports a connection the client closed with exceptions of its own, not only IOExceptions.
                useCases.abortReply().abort(user, Objects.requireNonNull(conversation));
                throw new IllegalStateException("the client went away", e);
            }
        }
    }
}
