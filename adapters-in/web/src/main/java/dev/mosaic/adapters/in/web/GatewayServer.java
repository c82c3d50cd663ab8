package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.util.List;
import java.util.Optional;

/**
 * Builds and starts the gateway's web server: the chat WebSocket, the REST API and the health
 * endpoints, all on one port.
 */
public final class GatewayServer {

    static final String WEBSOCKET_PATH = "/v1/ws";
    private static final String JSON = "application/json";

    private final GatewayUseCases useCases;
    private final List<ReadinessCheck> readiness;
    private final ServerFrames frames = new ServerFrames(new ObjectMapper());

    private GatewayServer(GatewayUseCases useCases, List<ReadinessCheck> readiness) {
        this.useCases = useCases;
        this.readiness = List.copyOf(readiness);
    }

    /** Starts listening; the caller stops the returned server. */
    public static WebServer start(WebConfig config, GatewayUseCases useCases, List<ReadinessCheck> readiness) {
        GatewayServer gateway = new GatewayServer(useCases, readiness);
        return WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                // Deltas are small writes that must leave at once; Nagle's algorithm would hold them
                // back for up to the peer's delayed-ACK time (about 40 ms).
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                // Helidon closes a connection whose frame is over its own limit; keep that limit well
                // above ours so that a moderately oversized message gets a clear error and the
                // connection stays usable.
                .addProtocol(WsConfig.builder().name("websocket").maxFrameLength(config.maxFrameBytes() * 4).build())
                .routing(gateway::routing)
                .addRouting(WsRouting.builder().endpoint(WEBSOCKET_PATH,
                        () -> new ChatSocket(useCases, gateway.frames, config.maxFrameBytes())))
                .build()
                .start();
    }

    private void routing(HttpRouting.Builder rules) {
        rules.get("/health/live", (req, res) -> json(res, Status.OK_200, frames.json().createObjectNode().put("status", "UP")))
                .get("/health/ready", (req, res) -> ready(res))
                .get(WEBSOCKET_PATH, this::notUpgraded)
                .get("/api/conversations/{id}", this::conversation);
    }

    private void ready(ServerResponse res) {
        ObjectNode body = frames.json().createObjectNode();
        ArrayNode checks = body.putArray("checks");
        boolean allUp = true;
        for (ReadinessCheck check : readiness) {
            boolean up;
            try {
                up = check.isUp().getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            allUp &= up;
            checks.addObject().put("name", check.name()).put("status", up ? "UP" : "DOWN");
        }
        body.put("status", allUp ? "UP" : "DOWN");
        json(res, allUp ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    /** A plain GET, or an upgrade the WebSocket listener refused because the token was not good. */
    private void notUpgraded(ServerRequest req, ServerResponse res) {
        authenticated(req, res).ifPresent(user -> error(res, Status.BAD_REQUEST_400,
                new Rejection(ErrorCode.BAD_FRAME, "this endpoint speaks WebSocket only; send an upgrade request")));
    }

    private void conversation(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        ConversationId id;
        try {
            id = ConversationId.parse(req.path().pathParameters().get("id"));
        } catch (IllegalArgumentException e) {
            error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT, "not a valid conversation id"));
            return;
        }
        useCases.getConversation().get(actor.get(), id).ifPresentOrElse(
                view -> json(res, Status.OK_200, frames.conversation(frames.json().createObjectNode(), view)),
                () -> error(res, Status.NOT_FOUND_404, Rejection.notFound("conversation")));
    }

    /** The acting user, or empty after answering 401. */
    private Optional<UserId> authenticated(ServerRequest req, ServerResponse res) {
        String token = BearerToken.from(req.headers()).orElse(null);
        return switch (useCases.authenticate().authenticate(token)) {
            case AuthenticateUseCase.Outcome.Authenticated ok -> Optional.of(ok.user());
            case AuthenticateUseCase.Outcome.Rejected(Rejection why) -> {
                res.header(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, "Bearer"));
                error(res, Status.UNAUTHORIZED_401, why);
                yield Optional.empty();
            }
        };
    }

    private void error(ServerResponse res, Status status, Rejection why) {
        json(res, status, frames.errorNode(why, null, null));
    }

    private void json(ServerResponse res, Status status, ObjectNode body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, JSON).send(frames.write(body));
    }
}
