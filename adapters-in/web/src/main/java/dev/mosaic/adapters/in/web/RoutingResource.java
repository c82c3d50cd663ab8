package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ExplainRoutingQuery;
import dev.mosaic.application.port.in.ManageRoutingRulesUseCase;
import dev.mosaic.application.port.in.ManageRoutingRulesUseCase.Outcome;
import dev.mosaic.application.port.in.ManageRoutingRulesUseCase.Scope;
import dev.mosaic.domain.routing.DecisionTree;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleDraft;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/routing}: the system's rules ({@code /rules}: everyone reads, admins change), the
 * acting user's own ({@code /rules/mine}), and {@code POST /explain}, which says how a text would be
 * routed now without calling any model. Rules are JSON in the shape of the domain's {@link RuleDraft}.
 */
final class RoutingResource implements HttpService {
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

    private final ManageRoutingRulesUseCase rules;
    private final ExplainRoutingQuery explain;
    private final HttpJson http;

    RoutingResource(ManageRoutingRulesUseCase rules, ExplainRoutingQuery explain, HttpJson http) {
        this.rules = rules;
        this.explain = explain;
        this.http = http;
    }

    @Override
    public void routing(HttpRules routes) {
        routes.post("/explain", this::explain);
        for (Scope scope : List.of(Scope.MINE, Scope.SYSTEM)) {
            // The literal "mine" routes come first, so "/rules/mine" is never read as a rule id.
            String base = scope == Scope.MINE ? "/rules/mine" : "/rules";
            routes.get(base, (req, res) -> list(req, res, scope))
                    .post(base, (req, res) -> create(req, res, scope))
                    .post(base + "/reorder", (req, res) -> reorder(req, res, scope))
                    .put(base + "/{id}", (req, res) -> withId(req, res, scope, this::update))
                    .delete(base + "/{id}", (req, res) -> withId(req, res, scope, this::delete));
        }
    }

    private interface WithId {
        void handle(ServerRequest req, ServerResponse res, UserId actor, Scope scope, RuleId id);
    }

    private void list(ServerRequest req, ServerResponse res, Scope scope) {
        http.authenticated(req, res).ifPresent(actor -> http.send(res, Status.OK_200, ruleList(rules.list(actor, scope))));
    }

    private void create(ServerRequest req, ServerResponse res, Scope scope) {
        http.authenticated(req, res).ifPresent(actor -> body(req, res, "a rule: {\"name\", \"priority\", \"conditions\", "
                + "\"action\": {\"routeTo\": {\"provider\", \"model\"}}, \"fallbacks\"?}").ifPresent(tree ->
                answer(res, rules.create(actor, scope, tree), Status.CREATED_201, this::rule)));
    }

    private void update(ServerRequest req, ServerResponse res, UserId actor, Scope scope, RuleId id) {
        body(req, res, "the whole rule, as for creating one").ifPresent(tree ->
                answer(res, rules.update(actor, scope, id, tree), Status.OK_200, this::rule));
    }

    private void delete(ServerRequest req, ServerResponse res, UserId actor, Scope scope, RuleId id) {
        switch (rules.delete(actor, scope, id)) {
            case Outcome.Done<Void> done -> res.status(Status.NO_CONTENT_204).send();
            case Outcome.Rejected<Void>(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
    }

    /** {@code {"rules": [{"id": "…", "priority": 10}, …]}}: new priorities, applied together. */
    private void reorder(ServerRequest req, ServerResponse res, Scope scope) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        String expected = "{\"rules\": [{\"id\": \"<rule id>\", \"priority\": <1-9999>}, …]}";
        Optional<Map<String, Object>> tree = body(req, res, expected);
        if (tree.isEmpty()) {
            return;
        }
        Map<RuleId, Integer> priorities = new HashMap<>();
        if (!(tree.get().get("rules") instanceof List<?> items)) {
            http.error(res, Status.BAD_REQUEST_400, Rejection.invalid("rules", "send " + expected));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            String field = "rules[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> item) || !(item.get("id") instanceof String id)
                    || !(item.get("priority") instanceof Integer priority)) {
                http.error(res, Status.BAD_REQUEST_400, Rejection.invalid(field, "needs an \"id\" and a whole \"priority\""));
                return;
            }
            Optional<RuleId> ruleId = parseId(id);
            if (ruleId.isEmpty() || priorities.put(ruleId.get(), priority) != null) {
                http.error(res, Status.BAD_REQUEST_400, Rejection.invalid(field + ".id",
                        ruleId.isEmpty() ? "is not a rule id" : "names a rule twice"));
                return;
            }
        }
        answer(res, rules.reorder(actor.get(), scope, priorities), Status.OK_200, this::ruleList);
    }

    /** {@code {"text": "…"}}: the decision, as it would be made now for the acting user. */
    private void explain(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        Optional<Map<String, Object>> tree = body(req, res, "{\"text\": \"the message to route\"}");
        if (tree.isEmpty()) {
            return;
        }
        if (!(tree.get().get("text") instanceof String text)) {
            http.error(res, Status.BAD_REQUEST_400, Rejection.invalid("text", "is required (the message to route)"));
            return;
        }
        switch (explain.explain(actor.get(), text)) {
            case ExplainRoutingQuery.Outcome.Explained(var decision) ->
                    http.send(res, Status.OK_200, http.frames().tree(DecisionTree.write(decision)));
            case ExplainRoutingQuery.Outcome.Rejected(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
    }

    private void withId(ServerRequest req, ServerResponse res, Scope scope, WithId handler) {
        http.authenticated(req, res).ifPresent(actor -> {
            Optional<RuleId> id = parseId(req.path().pathParameters().get("id"));
            if (id.isEmpty()) {
                http.error(res, Status.NOT_FOUND_404, Rejection.notFound("routing rule"));
                return;
            }
            handler.handle(req, res, actor, scope, id.get());
        });
    }

    private static Optional<RuleId> parseId(String text) {
        try {
            return Optional.of(new RuleId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The request's JSON object, or empty after answering (400 with what was expected, or the body's own error). */
    private Optional<Map<String, Object>> body(ServerRequest req, ServerResponse res, String expected) {
        Optional<JsonNode> node = http.body(req, res);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!node.get().isObject()) {
            http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT, "send a JSON object: " + expected));
            return Optional.empty();
        }
        return Optional.of(http.frames().json().convertValue(node.get(), TREE));
    }

    private <T> void answer(ServerResponse res, Outcome<T> outcome, Status ok, java.util.function.Function<T, ?> body) {
        switch (outcome) {
            case Outcome.Done<T>(T value) -> http.send(res, ok, body.apply(value));
            case Outcome.Rejected<T>(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
    }

    private RestBodies.Rules ruleList(List<RoutingRule> list) {
        return new RestBodies.Rules(list.stream().map(this::rule).toList());
    }

    private JsonNode rule(RoutingRule rule) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", rule.id().toString());
        tree.put("owner", rule.owner().label());
        tree.putAll(RuleDraft.write(rule));
        tree.put("describe", rule.condition().describe());
        return http.frames().tree(tree);
    }
}
