package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.AuthenticateUseCase;
import dev.mosaic.domain.user.UserId;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** What every REST handler needs: the acting user, JSON answers, errors in the WebSocket's shape, paging. */
final class HttpJson {
    private static final String JSON = "application/json";

    private final ServerFrames frames;
    private final AuthenticateUseCase authenticate;
    private final GatewayMetrics metrics;
    private final int maxBodyBytes;

    HttpJson(ServerFrames frames, AuthenticateUseCase authenticate, GatewayMetrics metrics, int maxBodyBytes) {
        this.frames = frames;
        this.authenticate = authenticate;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    ServerFrames frames() {
        return frames;
    }

    /**
     * The acting user, or empty after answering 401. Call it before reading the body: a caller
     * turned away gets its connection closed, so that not a byte of its body is read.
     */
    Optional<UserId> authenticated(ServerRequest req, ServerResponse res) {
        String token = BearerToken.from(req.headers()).orElse(null);
        return switch (authenticate.authenticate(token)) {
            case AuthenticateUseCase.Outcome.Authenticated ok -> Optional.of(ok.user());
            case AuthenticateUseCase.Outcome.Rejected(Rejection why) -> {
                if (req.content().hasEntity() && !req.content().consumed()) {
                    throw errorAndClose(res, Status.UNAUTHORIZED_401, why);
                }
                error(res, Status.UNAUTHORIZED_401, why);
                yield Optional.empty();
            }
        };
    }

    /**
     * The request's JSON body (a missing node when there is none), or empty after answering: 415 for
     * a body that is not {@code application/json}, 400 for one that is not well-formed JSON or holds a
     * lone surrogate, 413 for one over the configured limit (reading stops there).
     */
    Optional<JsonNode> body(ServerRequest req, ServerResponse res) {
        if (!req.content().hasEntity()) {
            return Optional.of(MissingNode.getInstance());
        }
        if (!isJson(req.headers().contentType())) {
            error(res, Status.UNSUPPORTED_MEDIA_TYPE_415, new Rejection(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the body as Content-Type: application/json"));
            return Optional.empty();
        }
        try (InputStream in = req.content().inputStream()) {
            JsonNode body = frames.json().readTree(in);
            if (body != null && !WellFormedText.isWellFormed(body)) {
                error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT, WellFormedText.LONE_SURROGATE));
                return Optional.empty();
            }
            return Optional.of(body == null ? MissingNode.getInstance() : body);
        } catch (JacksonException e) {
            error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                    "the body is not well-formed JSON: " + e.getOriginalMessage()));
            return Optional.empty();
        } catch (RequestException e) {
            if (e.status() == Status.REQUEST_ENTITY_TOO_LARGE_413) {
                throw errorAndClose(res, e.status(), bodyTooLarge());
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON is UTF-8 (RFC 8259): a charset, if named, must say so. */
    private static boolean isJson(Optional<HttpMediaType> type) {
        return type.filter(t -> t.test(MediaTypes.APPLICATION_JSON))
                .filter(t -> t.charset().map(c -> c.equalsIgnoreCase("utf-8")).orElse(true))
                .isPresent();
    }

    Rejection bodyTooLarge() {
        return new Rejection(ErrorCode.BODY_TOO_LARGE, "the request body is over the limit of " + maxBodyBytes
                + " bytes; nothing of it was processed");
    }

    /**
     * Answers; the caller throws what this returns, which closes the connection: what is left of the
     * request body is not read, and Helidon would otherwise take it for the next request.
     */
    private CloseConnectionException errorAndClose(ServerResponse res, Status status, Rejection why) {
        res.header(HeaderValues.CONNECTION_CLOSE);
        error(res, status, why);
        return new CloseConnectionException("answered " + status.code() + " without reading the whole request body");
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
        send(res, status, errorBody(why));
    }

    /** The body of an error answer, counted as sent. */
    WireFrames.Error errorBody(Rejection why) {
        metrics.error(why.code().wireName());
        return frames.errorFrame(why, null, null);
    }

    /** The HTTP status that goes with a rejection. */
    static Status statusOf(Rejection rejection) {
        return switch (rejection.code()) {
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case REPLY_IN_PROGRESS, EDIT_CONFLICT, JOB_STATE_CONFLICT -> Status.CONFLICT_409;
            case QUEUE_UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case UNAUTHORIZED, TOKEN_EXPIRED, TOKEN_REVOKED -> Status.UNAUTHORIZED_401;
            case FORBIDDEN -> Status.FORBIDDEN_403;
            case EMBEDDING_UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case INTERNAL -> Status.INTERNAL_SERVER_ERROR_500;
            default -> Status.BAD_REQUEST_400;
        };
    }

    /** Answers with one of the {@link RestBodies} (or an error, or a domain tree) as JSON. */
    void send(ServerResponse res, Status status, Object body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, JSON).send(frames.write(body));
    }
}
