package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.channel.InboundMessage;
import dev.mosaic.application.event.ConversationEvent;
import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.port.in.ContinueConversationUseCase.Turn;
import dev.mosaic.application.port.in.RepeatedRequestsUseCase;
import dev.mosaic.application.port.in.RequestedModelQuery;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.application.port.in.SendOutcome;
import dev.mosaic.application.tool.ToolSpec;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.conversation.Reply;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the channels that speak a provider's chat API (OpenAI's, Anthropic's) share: how a request
 * names and continues its conversation, the statuses their errors get, and an answer relayed as it
 * arrives, over server-sent events or whole at the end. A request may declare tools the client runs
 * itself: an answer that calls them ends with the calls, and the client's next request brings
 * their results.
 */
final class ChatApis {
    private static final Logger LOG = Logger.getLogger(ChatApis.class.getName());

    private ChatApis() {}

    static final HeaderName CONVERSATION = HeaderNames.create("X-Mosaic-Conversation");
    static final HeaderName MODEL = HeaderNames.create("X-Mosaic-Model");
    static final HeaderName ROUTE = HeaderNames.create("X-Mosaic-Route");
    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");

    /** The request could not be used; says why. */
    static final class Invalid extends Exception {
        private final transient Rejection rejection;

        Invalid(String field, String reason) {
            super(reason, null, false, false);
            this.rejection = Rejection.invalid(field, reason);
        }

        Invalid(Rejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }

        Rejection rejection() {
            return rejection;
        }
    }

    /** The conversation the request goes on with, from its {@code X-Mosaic-Conversation} header. */
    static Optional<ConversationId> conversation(ServerRequest req) throws Invalid {
        Optional<String> value = req.headers().first(CONVERSATION);
        try {
            return value.map(ConversationId::parse);
        } catch (IllegalArgumentException e) {
            throw new Invalid(CONVERSATION.defaultCase(), "is not a conversation id");
        }
    }

    /** How a channel reads its API's request body. */
    interface Parser<R> {
        R parse(JsonNode body) throws Invalid;
    }

    /** What a channel makes of its request: the command, the model it asks for, and who answers the client. */
    record Ask(SendMessageCommand command, String model, Answer answer) {}

    /**
     * The command for a request: the results it brings for the calls its conversation awaits, or
     * else its text; with the tools it declares.
     *
     * @throws IllegalArgumentException when the text or a result is not what the gateway takes
     */
    static SendMessageCommand message(String channel, UserId user, Optional<ConversationId> conversation,
            List<String> text, List<ContentBlock.ToolResult> results, List<ToolSpec> tools) {
        if (results.isEmpty()) {
            return new InboundMessage(channel, user, conversation, text.stream().<ContentBlock>map(ContentBlock.Text::new)
                    .toList(), null, Map.of()).toCommand(ClientToolListener.NONE).declaring(tools);
        }
        if (!results.stream().allMatch(r -> InboundMessage.isWellFormed(r.content()))) {
            throw new IllegalArgumentException("tool results must be valid Unicode");
        }
        return SendMessageCommand.results(user, conversation, results, null).declaring(tools);
    }

    /**
     * Answers one request of a channel: reads the body with {@code parser}, finds the conversation it
     * goes on with (see {@link #continued}), lets the channel say what it asks ({@code ask}), and
     * sends it (see {@link #send}), counted by {@code answering}. A body that is not JSON, or not what
     * the API takes, is refused through {@code refuse}.
     */
    static <R> void converse(ServerRequest req, ObjectMapper json, GatewayUseCases useCases, UserId user, String channel,
            Parser<R> parser, Function<R, List<Turn>> history, BiFunction<R, Optional<ConversationId>, Ask> ask,
            Consumer<Runnable> answering, Consumer<Rejection> refuse) {
        Ask asked;
        SendMessageCommand command;
        try (InputStream in = req.content().inputStream()) {
            R request = parser.parse(json.readTree(in));
            asked = ask.apply(request, continued(useCases, user, channel, conversation(req), history.apply(request)));
            command = command(useCases, channel, asked.command(), asked.model(), asked.answer());
        } catch (Invalid invalid) {
            refuse.accept(invalid.rejection());
            return;
        } catch (JacksonException e) {
            refuse.accept(new Rejection(ErrorCode.INVALID_INPUT, "the body is not well-formed JSON: "
                    + e.getOriginalMessage()));
            return;
        } catch (IllegalArgumentException e) {
            refuse.accept(Rejection.invalid("messages", e.getMessage()));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        answering.accept(() -> send(useCases, channel, req, command, asked.answer(), refuse));
    }

    /**
     * The conversation a request goes on with: the one its header names, whose stored turns must be
     * the history sent, as a client that has it wrong would get an answer to a conversation it does
     * not see; else the one of this user and channel whose stored turns are the history; else a new one.
     */
    static Optional<ConversationId> continued(GatewayUseCases useCases, UserId user, String channel,
            Optional<ConversationId> named, List<Turn> history) throws Invalid {
        if (named.isEmpty()) {
            return useCases.continueConversation().continued(user, channel, history);
        }
        if (history.isEmpty()) {
            return named;
        }
        if (useCases.getConversation().get(user, named.get()).isEmpty()) {
            throw new Invalid(Rejection.notFound("conversation"));
        }
        if (!useCases.continueConversation().holds(user, named.get(), history)) {
            throw new Invalid(new Rejection(ErrorCode.EDIT_CONFLICT, "the messages sent are not the stored"
                    + " conversation's; send them as the previous answers left them, or start a new conversation"));
        }
        return named;
    }

    /**
     * The gateway's command for a message, with the request's model: a model of the catalog answers
     * it, as {@code /model} would; otherwise routing decides, and the answer's headers say why.
     *
     * @throws Invalid when the model named cannot answer this user now
     */
    static SendMessageCommand command(GatewayUseCases useCases, String channel, SendMessageCommand command, String model,
            Answer answer) throws Invalid {
        answer.answered = () -> useCases.continueConversation().answered(command.actor(), channel, answer.conversation);
        return switch (useCases.requestedModel().requested(command.actor(), model)) {
            case RequestedModelQuery.Requested.Routed(String note) -> {
                answer.note = note;
                yield command;
            }
            case RequestedModelQuery.Requested.Pinned(RouteTarget target) -> command.answeredBy(target);
            case RequestedModelQuery.Requested.Refused(Rejection why) -> throw new Invalid(why);
        };
    }

    /**
     * Sends the message and relays its answer. A request that repeats an earlier one's
     * {@code Idempotency-Key} gets the earlier answer as stored instead, or a conflict while that
     * one is still being written: a client's retry is never asked or stored twice.
     */
    static void send(GatewayUseCases useCases, String channel, ServerRequest req, SendMessageCommand command,
            Answer answer, Consumer<Rejection> refuse) {
        Optional<String> key = req.headers().first(IDEMPOTENCY_KEY);
        if (key.isEmpty()) {
            relay(useCases, command, answer, refuse);
            return;
        }
        RepeatedRequestsUseCase repeated = useCases.repeatedRequests();
        UserId user = command.actor();
        switch (repeated.first(user, channel, key.get(), command.text())) {
            case RepeatedRequestsUseCase.Seen.Refused(Rejection why) -> refuse.accept(why);
            case RepeatedRequestsUseCase.Seen.Running() -> refuse.accept(new Rejection(ErrorCode.REPLY_IN_PROGRESS,
                    "the first request with this " + IDEMPOTENCY_KEY.defaultCase() + " is still being answered;"
                            + " send it again once that answer ended", IDEMPOTENCY_KEY.defaultCase()));
            case RepeatedRequestsUseCase.Seen.Answered(ConversationId conversation, Message stored) ->
                    answer.replay(conversation, stored);
            case RepeatedRequestsUseCase.Seen.First() -> {
                AtomicBoolean stored = new AtomicBoolean();
                answer.kept = id -> {
                    // Set first: a key that could not take its answer stays claimed until it expires
                    // rather than let a retry store the exchange again.
                    stored.set(true);
                    repeated.answered(user, channel, key.get(), command.text(), answer.conversation, id);
                };
                try {
                    relay(useCases, command, answer, refuse);
                } finally {
                    // Nothing was stored: a retry may ask again.
                    if (!stored.get()) {
                        repeated.refused(user, channel, key.get());
                    }
                }
            }
        }
    }

    private static void relay(GatewayUseCases useCases, SendMessageCommand command, Answer answer,
            Consumer<Rejection> refuse) {
        if (useCases.sendMessage().send(command, answer::on) instanceof SendOutcome.Rejected(Rejection why)) {
            refuse.accept(why);
        }
    }

    /**
     * The statuses the providers' APIs give, so that their SDKs' retries behave: they retry 409, 429
     * and 5xx.
     */
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

    /**
     * One request's answer as the gateway's events bring it: which conversation and model, the text
     * so far, and the end. Each channel says what a piece of text and the end look like in its API.
     */
    abstract static class Answer {
        final StringBuilder text = new StringBuilder();
        ConversationId conversation;
        String model;
        /** How routing chose the model, in one line. */
        String route;
        /** Why routing decided although the request named a model; null when it asked for routing. */
        String note;
        /** Remembers the answered conversation, for the history a client sends next. */
        Runnable answered = () -> { };
        /** Keeps the answer, stored whole or cut short, for a retry of the request. */
        Consumer<MessageId> kept = id -> { };
        /** The first assistant message of the answer (an agent's tool calls may add more). */
        MessageId reply;
        /** The calls of the client's tools the answer ends with, by id, in order; their results come next request. */
        private final Map<String, ContentBlock.ToolCall> awaited = new LinkedHashMap<>();

        final void on(ConversationEvent event) {
            switch (event) {
                case ConversationEvent.SessionInfo info -> {
                    conversation = info.conversationId();
                    model = info.provider() + "/" + info.model();
                    route = info.reason();
                }
                case ConversationEvent.ReplyStarted started when reply == null -> reply = started.messageId();
                case ConversationEvent.ToolStarted started when started.onClient() -> awaited.put(started.callId(),
                        new ContentBlock.ToolCall(started.callId(), started.name(), started.arguments()));
                case ConversationEvent.ToolEnded ended -> awaited.remove(ended.callId());
                case ConversationEvent.ReplyDelta delta when delta.kind() == ConversationEvent.DeltaKind.TEXT -> {
                    text.append(delta.text());
                    piece(delta.text());
                }
                case ConversationEvent.ReplyEnded ended when !ended.continues() -> {
                    model = ended.message().generation().provider() + "/" + ended.message().generation().model();
                    Optional<Rejection> failure = failure(ended.message());
                    // Before the end reaches the client, which may send its next request at once.
                    bestEffort(() -> kept.accept(ended.message().id()));
                    if (failure.isEmpty()) {
                        bestEffort(answered);
                    }
                    end(ended.message(), failure);
                }
                default -> {
                }
            }
        }

        /** What Redis could not keep costs a retry or a match, never the answer itself. */
        private static void bestEffort(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an answer was sent but not remembered for its next request", e);
            }
        }

        /** Sends an answer stored before, as it was sent then. */
        final void replay(ConversationId id, Message stored) {
            conversation = id;
            reply = stored.id();
            model = stored.generation().provider() + "/" + stored.generation().model();
            route = "the stored answer to the first request with this " + IDEMPOTENCY_KEY.defaultCase();
            text.append(stored.text());
            if (!stored.text().isEmpty()) {
                piece(stored.text());
            }
            Reply replied = Reply.of(stored);
            if (replied.asksForTools()) {
                replied.toolCalls().forEach(call -> awaited.put(call.id(), call));
            }
            end(stored, failure(stored));
        }

        /** The calls the client is to run and answer in its next request; empty when the answer is text alone. */
        final List<ContentBlock.ToolCall> awaited() {
            return List.copyOf(awaited.values());
        }

        /** A piece of the answer's text, as it arrives. */
        abstract void piece(String text);

        /** The answer is over and stored; {@code failure} when a provider error cut it short. */
        abstract void end(Message answer, Optional<Rejection> failure);

        /** The headers that say where the answer went and who wrote it. */
        void headers(ServerResponse res) {
            res.header(CONVERSATION, conversation.value().toString());
            res.header(MODEL, model);
            String why = note == null ? route : route == null ? note : note + "; " + route;
            if (why != null) {
                res.header(ROUTE, headerText(why));
            }
        }

        /** A header's value is ASCII: the reason's arrows and names are written in it. */
        private static String headerText(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.replace("\u2192", "->").codePoints()
                    .forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
            return out.toString();
        }

        private static Optional<Rejection> failure(Message answer) {
            var error = answer.generation().error();
            if (answer.status() != MessageStatus.PARTIAL || error == null) {
                return Optional.empty();
            }
            return Optional.of(new Rejection(ErrorCode.fromWireName(error.code()).orElse(ErrorCode.INTERNAL), error.message()));
        }
    }

    /**
     * A response of server-sent events, opened with its first event. A client that went away stops
     * its answer, as closing the stream does with the providers: what arrived is stored as partial.
     */
    static final class EventStream {
        private final ServerResponse res;
        private final Runnable openHeaders;
        private final Runnable abort;
        private OutputStream stream;

        EventStream(ServerResponse res, Runnable openHeaders, Runnable abort) {
            this.res = res;
            this.openHeaders = openHeaders;
            this.abort = abort;
        }

        /** One event: its lines ({@code event: …}, {@code data: …}) and the blank line that ends it. */
        void write(String event) {
            try {
                if (stream == null) {
                    openHeaders.run();
                    res.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, "text/event-stream")
                            .header(HeaderNames.CACHE_CONTROL, "no-cache");
                    stream = res.outputStream();
                }
                stream.write((event + "\n\n").getBytes(StandardCharsets.UTF_8));
                stream.flush();
            } catch (IOException | RuntimeException e) {
                // Helidon reports a connection the client closed with exceptions of its own, not only IOExceptions.
                abort.run();
                throw new IllegalStateException("the client went away", e);
            }
        }

        void close() {
            try {
                stream.close();
            } catch (IOException e) {
                throw new IllegalStateException("the client went away", e);
            }
        }
    }
}
