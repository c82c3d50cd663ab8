package dev.mosaic.adapters.in.web;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;

/**
 * Answers the errors Helidon raises before or around the routes (no such endpoint, a body over
 * the limit, a malformed request) in the API's JSON error shape, or in OpenAI's or Anthropic's under
 * their channels. A {@code HEAD} answer has no body: one would be read as the start of the next
 * response on a kept-alive connection.
 */
final class FrameworkErrors implements DirectHandler {

    private final HttpJson http;

    private FrameworkErrors(HttpJson http) {
        this.http = http;
    }

    static DirectHandlers handlers(HttpJson http) {
        FrameworkErrors handler = new FrameworkErrors(http);
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            handlers.addHandler(type, handler);
        }
        return handlers.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        TransportResponse.Builder response = TransportResponse.builder().status(status).headers(headers);
        if (!Method.HEAD.text().equals(request.method())) {
            headers.set(HeaderNames.CONTENT_TYPE, "application/json");
            Rejection why = rejection(status, message);
            WireFrames.Error ours = http.errorBody(why); // counted here, whichever shape answers
            Object body = AnthropicChannel.serves(request.path(), request.headers()) ? AnthropicChannel.errorBody(why)
                    : OpenAiChannel.serves(request.path()) ? OpenAiChannel.errorBody(why) : ours;
            response.entity(http.frames().write(body).getBytes(StandardCharsets.UTF_8));
        }
        return response.build();
    }

    private Rejection rejection(Status status, String message) {
        if (status == Status.NOT_FOUND_404) {
            return Rejection.notFound("endpoint");
        }
        if (status == Status.REQUEST_ENTITY_TOO_LARGE_413) {
            return http.bodyTooLarge();
        }
        if (status.code() >= 500) {
            // Helidon's message may name internals; the log has the details.
            return new Rejection(ErrorCode.INTERNAL, "the gateway failed to handle this request");
        }
        return new Rejection(ErrorCode.INVALID_INPUT, message == null || message.isBlank()
                ? "the request is malformed (" + status.code() + " " + status.reasonPhrase() + ")" : message);
    }
}
