package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** What every REST handler needs: the acting user, JSON answers, errors in the WebSocket's shape, paging. */
final class HttpJson {
    private static final String JSON = "application/json";

    private final ServerFrames frames;
    private final AuthenticateUseCase authenticate;

    HttpJson(ServerFrames frames, AuthenticateUseCase authenticate) {
        this.frames = frames;
        this.authenticate = authenticate;
    }

    ServerFrames frames() {
        return frames;
    }

    /** The acting user, or empty after answering 401. */
    Optional<UserId> authenticated(ServerRequest req, ServerResponse res) {
        String token = BearerToken.from(req.headers()).orElse(null);
        return switch (authenticate.authenticate(token)) {
            case AuthenticateUseCase.Outcome.Authenticated ok -> Optional.of(ok.user());
            case AuthenticateUseCase.Outcome.Rejected(Rejection why) -> {
                error(res, Status.UNAUTHORIZED_401, why);
                yield Optional.empty();
            }
        };
    }

    /** {@code ?page=&pageSize=}, or empty after answering 400. */
    Optional<PageRequest> page(ServerRequest req, ServerResponse res) {
        try {
            int page = req.query().contains("page") ? Integer.parseInt(req.query().get("page")) : 1;
            int size = req.query().contains("pageSize") ? Integer.parseInt(req.query().get("pageSize")) : 20;
            return Optional.of(new PageRequest(page, size));
        } catch (IllegalArgumentException e) {
            error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                    "page must be a whole number from 1, and pageSize from 1 to " + PageRequest.MAX_SIZE));
            return Optional.empty();
        }
    }

    void error(ServerResponse res, Status status, Rejection why) {
        if (status == Status.UNAUTHORIZED_401) {
            res.header(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, "Bearer"));
        }
        send(res, status, frames.errorNode(why, null, null));
    }

    /** The HTTP status that goes with a rejection. */
    static Status statusOf(Rejection rejection) {
        return switch (rejection.code()) {
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case REPLY_IN_PROGRESS -> Status.CONFLICT_409;
            case UNAUTHORIZED, TOKEN_EXPIRED, TOKEN_REVOKED -> Status.UNAUTHORIZED_401;
            case INTERNAL -> Status.INTERNAL_SERVER_ERROR_500;
            default -> Status.BAD_REQUEST_400;
        };
    }

    void send(ServerResponse res, Status status, ObjectNode body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, JSON).send(frames.write(body));
    }
}
