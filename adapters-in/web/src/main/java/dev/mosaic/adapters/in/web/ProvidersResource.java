package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.in.ManageCredentialsUseCase;
import dev.mosaic.application.port.in.ManageCredentialsUseCase.PutOutcome;
import dev.mosaic.application.port.in.PutCredentialCommand;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code /api/providers}: the acting user's own provider credentials. A key goes in, and never comes
 * out again: answers carry its masked hint only.
 *
 * <p>A key the provider refuses is answered {@code 422} with code {@code provider_authentication}:
 * the request itself was well-formed (that would be {@code 400 invalid_input}), and {@code 401} is
 * kept for the caller's own token.
 */
final class ProvidersResource implements HttpService {

    private final ManageCredentialsUseCase credentials;
    private final HttpJson http;

    ProvidersResource(ManageCredentialsUseCase credentials, HttpJson http) {
        this.credentials = credentials;
        this.http = http;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .put("/{provider}", this::put)
                .delete("/{provider}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> {
            ObjectNode body = http.frames().json().createObjectNode();
            ArrayNode available = body.putArray("available");
            ProviderCredential.PROVIDERS.forEach(available::add);
            ArrayNode stored = body.putArray("credentials");
            credentials.list(actor).forEach(c -> stored.add(credential(c)));
            http.send(res, Status.OK_200, body);
        });
    }

    /** {@code {"apiKey": "…", "label": "…", "baseUrl": "…"}}; label and baseUrl may be left out or null. */
    private void put(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        JsonNode body;
        try {
            body = http.frames().json().readTree(req.content().as(String.class));
        } catch (Exception e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("apiKey").isTextual()
                || !isOptionalText(body, "label") || !isOptionalText(body, "baseUrl")) {
            http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                    "send a JSON object with \"apiKey\" (a string) and optionally \"label\" and \"baseUrl\" (strings)"));
            return;
        }
        PutCredentialCommand command = new PutCredentialCommand(req.path().pathParameters().get("provider"),
                Secret.ofNullable(body.path("apiKey").asText()), text(body, "label"), text(body, "baseUrl"));
        switch (credentials.put(actor.get(), command)) {
            case PutOutcome.Saved(ProviderCredential saved) -> http.send(res, Status.OK_200, credential(saved));
            case PutOutcome.Rejected(Rejection why) -> http.error(res, statusOf(why), why);
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> credentials.delete(actor,
                req.path().pathParameters().get("provider")).ifPresentOrElse(
                        why -> http.error(res, statusOf(why), why),
                        () -> res.status(Status.NO_CONTENT_204).send()));
    }

    private static Status statusOf(Rejection why) {
        return why.code() == ErrorCode.PROVIDER_AUTHENTICATION ? Status.UNPROCESSABLE_CONTENT_422 : HttpJson.statusOf(why);
    }

    private static boolean isOptionalText(JsonNode body, String field) {
        return !body.has(field) || body.get(field).isNull() || body.get(field).isTextual();
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).isTextual() ? body.path(field).asText() : null;
    }

    private ObjectNode credential(ProviderCredential c) {
        ObjectNode node = http.frames().json().createObjectNode().put("provider", c.provider())
                .put("kind", c.kind().wireName()).put("label", c.label()).put("hint", c.hint());
        if (c.baseUrl() == null) {
            node.putNull("baseUrl");
        } else {
            node.put("baseUrl", c.baseUrl().toString());
        }
        return node.put("createdAt", c.createdAt().toString()).put("updatedAt", c.updatedAt().toString());
    }
}
