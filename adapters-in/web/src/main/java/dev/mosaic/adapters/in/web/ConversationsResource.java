package dev.mosaic.adapters.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Page;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.SearchMessagesQuery;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.routing.DecisionTree;
import dev.mosaic.domain.user.UserId;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code /api/conversations}: list, search, read, rename, archive and delete the acting user's
 * conversations. Someone else's conversation is answered exactly like one that does not exist.
 */
final class ConversationsResource implements HttpService {

    private final GatewayUseCases useCases;
    private final HttpJson http;

    ConversationsResource(GatewayUseCases useCases, HttpJson http) {
        this.useCases = useCases;
        this.http = http;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/search", this::search)
                .get("/{id}", this::get)
                .get("/{id}/routing", this::routing)
                .get("/{id}/metrics", this::metrics)
                .patch("/{id}", this::patch)
                .delete("/{id}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        boolean archived = req.query().contains("archived") && Boolean.parseBoolean(req.query().get("archived"));
        http.page(req, res).ifPresent(page -> {
            Page<ConversationSummary> conversations = useCases.listConversations().list(actor.get(), archived, page);
            if (conversations.isPastTheEnd()) {
                http.error(res, Status.BAD_REQUEST_400, pastTheEnd(conversations));
                return;
            }
            http.send(res, Status.OK_200, new RestBodies.ConversationList(RestBodies.Paging.of(conversations),
                    conversations.items().stream().map(RestBodies.ConversationItem::of).toList()));
        });
    }

    private void search(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        if (actor.isEmpty()) {
            return;
        }
        String query = req.query().contains("q") ? req.query().get("q") : "";
        http.page(req, res).ifPresent(page -> {
            switch (useCases.searchMessages().search(actor.get(), query, page)) {
                case SearchMessagesQuery.Outcome.Found(Page<SearchHit> hits) -> http.send(res, Status.OK_200,
                        new RestBodies.SearchResults(RestBodies.Paging.of(hits),
                                hits.items().stream().map(RestBodies.SearchResult::of).toList(), query));
                case SearchMessagesQuery.Outcome.Rejected(Rejection why) -> http.error(res, HttpJson.statusOf(why), why);
            }
        });
    }

    private void get(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<ConversationId> id = actor.flatMap(a -> conversationId(req, res));
        if (id.isEmpty()) {
            return;
        }
        http.page(req, res).ifPresent(page -> useCases.getConversation().get(actor.get(), id.get(), page).ifPresentOrElse(
                found -> {
                    if (found.messages().isPastTheEnd()) {
                        http.error(res, Status.BAD_REQUEST_400, pastTheEnd(found.messages()));
                        return;
                    }
                    http.send(res, Status.OK_200, new RestBodies.ConversationMessages(
                            RestBodies.Paging.of(found.messages()),
                            found.messages().items().stream().map(WireFrames.MessageBody::of).toList(),
                            found.conversation().id().toString(), found.conversation().title(), found.replyInProgress()));
                },
                () -> http.error(res, Status.NOT_FOUND_404, Rejection.notFound("conversation"))));
    }

    /** Every answer of the conversation with the routing decision that chose its model. */
    private void routing(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<ConversationId> id = actor.flatMap(a -> conversationId(req, res));
        if (id.isEmpty()) {
            return;
        }
        useCases.conversationRouting().routing(actor.get(), id.get()).ifPresentOrElse(replies -> http.send(res,
                Status.OK_200, new RestBodies.ConversationRouting(id.get().toString(), replies.stream()
                        .map(r -> new RestBodies.RoutedReply(r.messageId().toString(), r.createdAt().toString(),
                                r.provider(), r.model(), http.frames().tree(DecisionTree.write(r.decision()))))
                        .toList())),
                () -> http.error(res, Status.NOT_FOUND_404, Rejection.notFound("conversation")));
    }

    /** What the conversation has used so far. */
    private void metrics(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<ConversationId> id = actor.flatMap(a -> conversationId(req, res));
        if (id.isEmpty()) {
            return;
        }
        useCases.conversationMetrics().metrics(actor.get(), id.get()).ifPresentOrElse(
                totals -> http.send(res, Status.OK_200, RestBodies.ConversationMetrics.of(totals)),
                () -> http.error(res, Status.NOT_FOUND_404, Rejection.notFound("conversation")));
    }

    /** {@code {"title": "…"}} and/or {@code {"archived": true|false}}. */
    private void patch(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<ConversationId> id = actor.flatMap(a -> conversationId(req, res));
        if (id.isEmpty()) {
            return;
        }
        Optional<JsonNode> read = http.body(req, res);
        if (read.isEmpty()) {
            return;
        }
        JsonNode body = read.get();
        if (!body.isObject() || (!body.path("title").isTextual() && !body.path("archived").isBoolean())) {
            http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT,
                    "send a JSON object with \"title\" (a string) and/or \"archived\" (true or false)"));
            return;
        }
        Optional<Rejection> refused = Optional.empty();
        if (body.path("title").isTextual()) {
            refused = useCases.manageConversation().rename(actor.get(), id.get(), body.path("title").asText());
        }
        if (refused.isEmpty() && body.path("archived").isBoolean()) {
            refused = useCases.manageConversation().archive(actor.get(), id.get(), body.path("archived").asBoolean());
        }
        refused.ifPresentOrElse(why -> http.error(res, HttpJson.statusOf(why), why),
                () -> http.send(res, Status.OK_200, new RestBodies.ConversationUpdated(id.get().toString(), true)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Optional<UserId> actor = http.authenticated(req, res);
        Optional<ConversationId> id = actor.flatMap(a -> conversationId(req, res));
        if (id.isEmpty()) {
            return;
        }
        useCases.manageConversation().delete(actor.get(), id.get()).ifPresentOrElse(
                why -> http.error(res, HttpJson.statusOf(why), why),
                () -> res.status(Status.NO_CONTENT_204).send());
    }

    private Optional<ConversationId> conversationId(ServerRequest req, ServerResponse res) {
        try {
            return Optional.of(ConversationId.parse(req.path().pathParameters().get("id")));
        } catch (IllegalArgumentException e) {
            http.error(res, Status.BAD_REQUEST_400, new Rejection(ErrorCode.INVALID_INPUT, "not a valid conversation id"));
            return Optional.empty();
        }
    }

    private static Rejection pastTheEnd(Page<?> page) {
        return new Rejection(ErrorCode.INVALID_INPUT, "page " + page.request().page() + " is past the last page ("
                + Math.max(1, page.pages()) + ")");
    }
}
