package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ManageAgentsUseCase;
import dev.mosaic.application.port.in.ManageAgentsUseCase.AgentView;
import dev.mosaic.application.port.in.ManageAgentsUseCase.Outcome;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.AgentTree;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * {@code /api/agents}: the gateway's agents and the acting user's own, read, created, changed (each
 * change a new version) and deleted. Agents are JSON in the shape of the domain's {@link AgentTree};
 * another user's agent is answered exactly like one that does not exist.
 */
final class AgentsResource implements HttpService {
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};
    private static final String EXPECTED = "an agent: {\"name\", \"systemPrompt\", \"description\"?, \"defaultModel\"?, "
            + "\"tools\"?, \"skills\"?, \"capabilities\"?, \"stepLimit\"?, \"toolTimeoutSeconds\"?}";

    private final ManageAgentsUseCase agents;
    private final HttpJson http;

    AgentsResource(ManageAgentsUseCase agents, HttpJson http) {
        this.agents = agents;
        this.http = http;
    }

    @Override
    public void routing(HttpRules routes) {
        routes.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", (req, res) -> withId(req, res, this::get))
                .put("/{id}", (req, res) -> withId(req, res, this::update))
                .delete("/{id}", (req, res) -> withId(req, res, this::delete))
                .get("/{id}/versions", (req, res) -> withId(req, res, this::versions));
    }

    private interface WithId {
        void handle(ServerRequest req, ServerResponse res, UserId actor, AgentId id);
    }

    private void list(ServerRequest req, ServerResponse res) {
        http.authenticated(req, res).ifPresent(actor -> http.send(res, Status.OK_200,
                new RestBodies.Agents(agents.list(actor).stream().map(this::view).toList())));
    }

    /** The body may add {@code "owner": "system"} for one of the gateway's agents (admins only); the default is your own. */
    private void create(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<Map<String, Object>> tree = actor.flatMap(a -> body(req, res));
        if (tree.isEmpty()) {
            return;
        }
        Object owner = tree.get().remove("owner");
        if (owner != null && !"system".equals(owner) && !"user".equals(owner)) {
            http.error(res, Status.BAD_REQUEST_400, Rejection.invalid("owner",
                    "is \"user\" (your own agent, the default) or \"system\" (the gateway's, for admins)"));
            return;
        }
        answer(res, agents.create(actor.get(), "system".equals(owner) ? Owner.SYSTEM : Owner.of(actor.get()), tree.get()),
                Status.CREATED_201, this::view);
    }

    private void get(ServerRequest req, ServerResponse res, UserId actor, AgentId id) {
        answer(res, agents.get(actor, id), Status.OK_200, this::view);
    }

    /** The whole agent; {@code "version"}, when given, is the version the change was made to. */
    private void update(ServerRequest req, ServerResponse res, UserId actor, AgentId id) {
        Optional<Map<String, Object>> tree = body(req, res);
        if (tree.isEmpty()) {
            return;
        }
        Object version = tree.get().remove("version");
        if (version != null && !(version instanceof Integer)) {
            http.error(res, Status.BAD_REQUEST_400, Rejection.invalid("version",
                    "is the whole version number the change was made to, or left out"));
            return;
        }
        OptionalInt basedOn = version == null ? OptionalInt.empty() : OptionalInt.of((Integer) version);
        answer(res, agents.update(actor, id, basedOn, tree.get()), Status.OK_200, this::view);
    }

    private void delete(ServerRequest req, ServerResponse res, UserId actor, AgentId id) {
        switch (agents.delete(actor, id)) {
            case Outcome.Done<Void> done -> res.status(Status.NO_CONTENT_204).send();
            case Outcome.Rejected<Void>(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
    }

    private void versions(ServerRequest req, ServerResponse res, UserId actor, AgentId id) {
        answer(res, agents.versions(actor, id), Status.OK_200, list -> new RestBodies.AgentVersions(id.toString(),
                list.stream().map(a -> http.frames().tree(agent(a, null))).toList()));
    }

    private void withId(ServerRequest req, ServerResponse res, WithId handler) {
        http.authenticated(req, res).ifPresent(actor -> {
            AgentId id;
            try {
                id = AgentId.parse(req.path().pathParameters().get("id"));
            } catch (IllegalArgumentException e) {
                http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT, "not a valid agent id"));
                return;
            }
            handler.handle(req, res, actor, id);
        });
    }

    /** The request's JSON object, or empty after answering (400 with what was expected, or the body's own error). */
    private Optional<Map<String, Object>> body(ServerRequest req, ServerResponse res) {
        Optional<JsonNode> node = http.body(req, res);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!node.get().isObject()) {
            http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT, "send a JSON object: " + EXPECTED));
            return Optional.empty();
        }
        return Optional.of(http.frames().json().convertValue(node.get(), TREE));
    }

    private <T> void answer(ServerResponse res, Outcome<T> outcome, Status ok, Function<T, ?> body) {
        switch (outcome) {
            case Outcome.Done<T>(T value) -> http.send(res, ok, body.apply(value));
            case Outcome.Rejected<T>(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
        }
    }

    private JsonNode view(AgentView view) {
        return http.frames().tree(agent(view.agent(), view.editable()));
    }

    /** {@code editable} null leaves it out (a past version is edited through the agent). */
    private static Map<String, Object> agent(AgentConfig agent, Boolean editable) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", agent.id().toString());
        tree.put("owner", agent.owner().label());
        tree.put("version", agent.version());
        tree.put("updatedAt", agent.updatedAt().toString());
        if (editable != null) {
            tree.put("editable", editable);
        }
        tree.putAll(AgentTree.write(agent.definition()));
        return tree;
    }
}
