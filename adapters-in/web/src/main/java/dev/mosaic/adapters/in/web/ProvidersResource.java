package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.Secret;
import dev.mosaic.application.credential.ProviderCredential;
import dev.mosaic.application.port.in.LoginWithOAuthUseCase;
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
 * kept for the caller's own token. A provider that could not be asked is {@code 502}
 * {@code provider_unavailable}.
 *
 * <p>{@code POST /{provider}/oauth} starts an OAuth login and {@code POST /{provider}/oauth/complete}
 * finishes it with what came back to the redirect URI (docs/api.md).
 */
final class ProvidersResource implements HttpService {

    private final ManageCredentialsUseCase credentials;
    private final LoginWithOAuthUseCase logins;
    private final HttpJson http;

    ProvidersResource(ManageCredentialsUseCase credentials, LoginWithOAuthUseCase logins, HttpJson http) {
        this.credentials = credentials;
        this.logins = logins;
        this.http = http;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .put("/{provider}", this::put)
                .delete("/{provider}", this::delete)
                .post("/{provider}/oauth", this::startLogin)
                .post("/{provider}/oauth/complete", this::completeLogin);
    }

    private void startLogin(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> {
            switch (logins.start(actor, req.path().pathParameters().get("provider"))) {
                case LoginWithOAuthUseCase.StartOutcome.Ready(LoginWithOAuthUseCase.Started login) ->
                        http.send(res, Status.OK_200, RestBodies.OAuthStarted.of(login));
                case LoginWithOAuthUseCase.StartOutcome.Rejected(Rejection why) -> http.error(res, statusOf(why), why);
            }
        });
    }

    /** {@code {"state": "…", "code": "…"}}, or {@code {"state": "…"?, "response": "<what the user pasted>"}}. */
    private void completeLogin(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        Optional<JsonNode> read = http.body(req, res);
        if (read.isEmpty()) {
            return;
        }
        JsonNode body = read.get().isObject() ? read.get() : null;
        boolean hasCode = body != null && body.path("code").isTextual();
        boolean hasResponse = body != null && body.path("response").isTextual();
        if (body == null || hasCode == hasResponse || !isOptionalText(body, "state") || hasCode && !body.path("state").isTextual()) {
            http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                    "send a JSON object with \"state\" and \"code\", or with \"response\" (what the browser was sent back"
                            + " to, or the code as shown) and optionally \"state\""));
            return;
        }
        String answer = hasCode ? body.path("code").asText() : body.path("response").asText();
        switch (logins.complete(actor.get(), req.path().pathParameters().get("provider"), text(body, "state"), answer)) {
            case LoginWithOAuthUseCase.CompleteOutcome.LoggedIn(ProviderCredential saved) ->
                    http.send(res, Status.OK_200, RestBodies.Credential.of(saved));
            case LoginWithOAuthUseCase.CompleteOutcome.Rejected(Rejection why) -> http.error(res, statusOf(why), why);
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> http.send(res, Status.OK_200, new RestBodies.Providers(
                ProviderCredential.PROVIDERS, logins.providers(),
                credentials.list(actor).stream().map(RestBodies.Credential::of).toList())));
    }

    /** {@code {"apiKey": "…", "label": "…", "baseUrl": "…"}}; label and baseUrl may be left out or null. */
    private void put(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        Optional<JsonNode> read = http.body(req, res);
        if (read.isEmpty()) {
            return;
        }
        JsonNode body = read.get();
        if (!body.isObject() || !body.path("apiKey").isTextual()
                || !isOptionalText(body, "label") || !isOptionalText(body, "baseUrl")) {
            http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                    "send a JSON object with \"apiKey\" (a string) and optionally \"label\" and \"baseUrl\" (strings)"));
            return;
        }
        PutCredentialCommand command = new PutCredentialCommand(req.path().pathParameters().get("provider"),
                Secret.ofNullable(body.path("apiKey").asText()), text(body, "label"), text(body, "baseUrl"));
        switch (credentials.put(actor.get(), command)) {
            case PutOutcome.Saved(ProviderCredential saved) -> http.send(res, Status.OK_200, RestBodies.Credential.of(saved));
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
        return switch (why.code()) {
            case PROVIDER_AUTHENTICATION -> Status.UNPROCESSABLE_CONTENT_422;
            case PROVIDER_UNAVAILABLE -> Status.BAD_GATEWAY_502;
            default -> HttpJson.statusOf(why);
        };
    }

    private static boolean isOptionalText(JsonNode body, String field) {
        return !body.has(field) || body.get(field).isNull() || body.get(field).isTextual();
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).isTextual() ? body.path(field).asText() : null;
    }
}
