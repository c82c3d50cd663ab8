package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Page;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.in.ManageMemoryUseCase.Outcome;
import dev.mosaic.domain.memory.Insight;
import dev.mosaic.domain.memory.InsightId;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /api/memory}: the acting user's preferences and insights, search by meaning, and
 * forgetting everything. Another user's insight is answered exactly like one that does not exist.
 */
final class MemoryResource implements HttpService {
    private static final int DEFAULT_RESULTS = 10;

    private final ManageMemoryUseCase memory;
    private final HttpJson http;

    MemoryResource(ManageMemoryUseCase memory, HttpJson http) {
        this.memory = memory;
        this.http = http;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.delete("/", this::forget)
                .get("/preferences", this::preferences)
                .get("/preferences/{key}", this::preference)
                .put("/preferences/{key}", this::setPreference)
                .delete("/preferences/{key}", this::deletePreference)
                .get("/insights", this::insights)
                .post("/insights", this::saveInsight)
                .delete("/insights/{id}", this::deleteInsight)
                .get("/search", this::search);
    }

    private void preferences(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> http.send(res, Status.OK_200, new RestBodies.Preferences(
                memory.preferences(actor).stream().map(RestBodies.PreferenceItem::of).toList())));
    }

    private void preference(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> answer(res,
                memory.preference(actor, req.path().pathParameters().get("key")), Status.OK_200,
                RestBodies.PreferenceItem::of));
    }

    /** {@code {"value": "…"}}: sets the preference, replacing its value. */
    private void setPreference(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<String> value = actor.flatMap(a -> text(req, res, "value", "{\"value\": \"the preference's value\"}"));
        value.ifPresent(v -> answer(res, memory.setPreference(actor.get(), req.path().pathParameters().get("key"), v),
                Status.OK_200, RestBodies.PreferenceItem::of));
    }

    private void deletePreference(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor ->
                noContent(res, memory.deletePreference(actor, req.path().pathParameters().get("key"))));
    }

    private void insights(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        actor.flatMap(a -> http.page(req, res)).ifPresent(page -> {
            Page<Insight> insights = memory.insights(actor.get(), page);
            if (insights.isPastTheEnd()) {
                http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                        "page " + page.page() + " is past the end: there are " + insights.pages() + " pages"));
                return;
            }
            http.send(res, Status.OK_200, new RestBodies.Insights(RestBodies.Paging.of(insights),
                    insights.items().stream().map(RestBodies.InsightItem::of).toList()));
        });
    }

    /** {@code {"text": "…"}}: an insight told directly, from no conversation. */
    private void saveInsight(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<String> text = actor.flatMap(a -> text(req, res, "text", "{\"text\": \"the fact to remember\"}"));
        text.ifPresent(t -> answer(res, memory.saveInsight(actor.get(), t, null, null), Status.CREATED_201,
                RestBodies.InsightItem::of));
    }

    private void deleteInsight(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> {
            Optional<InsightId> id = InsightId.parse(req.path().pathParameters().get("id"));
            if (id.isEmpty()) {
                http.error(res, Status.NOT_FOUND_404, Rejection.notFound("insight"));
                return;
            }
            noContent(res, memory.deleteInsight(actor, id.get()));
        });
    }

    /** {@code ?q=…&limit=…}: the insights nearest in meaning, nearest first, with their scores. */
    private void search(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> {
            String query = req.query().contains("q") ? req.query().get("q") : "";
            int limit;
            try {
                limit = req.query().contains("limit") ? Integer.parseInt(req.query().get("limit")) : DEFAULT_RESULTS;
            } catch (NumberFormatException e) {
                http.error(res, Status.BAD_REQUEST_400, Rejection.invalid("limit",
                        "must be a whole number from 1 to " + ManageMemoryUseCase.MAX_RESULTS));
                return;
            }
            answer(res, memory.search(actor, query, limit), Status.OK_200, found -> new RestBodies.MemorySearch(query,
                    found.model(), found.hits().stream().map(RestBodies.MemoryHit::of).toList(),
                    found.partial().orElse(null)));
        });
    }

    /** Forgets every insight, vector and preference of the acting user. */
    private void forget(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> http.send(res, Status.OK_200,
                RestBodies.Forgotten.of(memory.forgetAll(actor))));
    }

    /** The body's string field, or empty after answering 400. */
    private Optional<String> text(ServerRequest req, ServerResponse res, String field, String expected) {
        Optional<JsonNode> body = http.body(req, res);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode value = body.get().path(field);
        if (!body.get().isObject() || !value.isTextual()) {
            http.error(res, Status.BAD_REQUEST_400, Rejection.invalid(field, "is required: send " + expected));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    private <T> void answer(ServerResponse res, Outcome<T> outcome, Status ok, Function<T, ?> body) {
        switch (outcome) {
            case Outcome.Done<T>(T value) -> http.send(res, ok, body.apply(value));
            case Outcome.Rejected<T>(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
    }

    private void noContent(ServerResponse res, Outcome<Void> outcome) {
        switch (outcome) {
            case Outcome.Done<Void> done -> res.status(Status.NO_CONTENT_204).send();
            case Outcome.Rejected<Void>(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
    }
}
