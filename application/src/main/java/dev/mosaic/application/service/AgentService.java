package dev.mosaic.application.service;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.port.in.ManageAgentsUseCase;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.application.port.out.OwnerChanges;
import dev.mosaic.application.port.out.Users;
import dev.mosaic.application.tool.ToolRegistry;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentDraft;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.AgentTree;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Creates, changes and deletes agents: only their owner changes a user's agent, only an admin the
 * gateway's, and an agent may name only models the catalog knows and tools the registry knows.
 */
public final class AgentService implements ManageAgentsUseCase {
    private final Agents store;
    private final Users users;
    private final AgentDraft.Vocabulary known;
    private final Clock clock;
    private final OwnerChanges changes;
    private final Consumer<Owner> cachedHere;

    /**
     * @param knownModel whether a model is one the catalog lists for chat
     * @param changes where every change is announced, so that each instance drops the agents it cached
     * @param cachedHere drops an owner's agents from this instance's cache, at once: the next message
     *     here must not depend on the announcement coming back in time
     */
    public AgentService(Agents store, Users users, Predicate<RouteTarget> knownModel, ToolRegistry tools, Clock clock,
            OwnerChanges changes, Consumer<Owner> cachedHere) {
        this.store = Objects.requireNonNull(store);
        this.changes = Objects.requireNonNull(changes);
        this.cachedHere = Objects.requireNonNull(cachedHere);
        this.users = Objects.requireNonNull(users);
        Objects.requireNonNull(knownModel);
        Objects.requireNonNull(tools);
        this.known = new AgentDraft.Vocabulary() {
            @Override
            public boolean knowsModel(RouteTarget model) {
                return knownModel.test(model);
            }

            @Override
            public boolean knowsTool(String name) {
                return tools.knows(name);
            }
        };
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public List<AgentView> list(UserId actor) {
        boolean admin = isAdmin(actor);
        return store.list(actor).stream().map(a -> new AgentView(a, a.editableBy(actor, admin))).toList();
    }

    @Override
    public Outcome<AgentView> get(UserId actor, AgentId id) {
        return store.find(actor, id).<Outcome<AgentView>>map(a -> new Outcome.Done<>(new AgentView(a,
                a.editableBy(actor, isAdmin(actor))))).orElseGet(AgentService::notFound);
    }

    @Override
    public Outcome<AgentView> create(UserId actor, Owner owner, Map<String, ?> tree) {
        if (!owner.appliesTo(actor) || owner.isSystem() && !isAdmin(actor)) {
            return new Outcome.Rejected<>(new Rejection(ErrorCode.FORBIDDEN,
                    "only an admin can add the gateway's agents; leave out \"owner\" to add your own"));
        }
        return edit(() -> {
            AgentConfig agent = AgentConfig.create(AgentId.random(), owner, AgentTree.read(tree), known, now());
            store.save(actor, agent);
            announce(owner);
            return new Outcome.Done<>(new AgentView(agent, true));
        });
    }

    @Override
    public Outcome<AgentView> update(UserId actor, AgentId id, OptionalInt basedOn, Map<String, ?> tree) {
        Optional<AgentConfig> current = store.find(actor, id);
        if (current.isEmpty()) {
            return notFound();
        }
        Optional<Rejection> refused = mayNotEdit(actor, current.get());
        if (refused.isPresent()) {
            return new Outcome.Rejected<>(refused.get());
        }
        if (basedOn.isPresent() && basedOn.getAsInt() != current.get().version()) {
            return new Outcome.Rejected<>(conflict(current.get()));
        }
        return edit(() -> {
            AgentDraft draft = AgentTree.read(tree);
            if (current.get().isTheDefault() && !draft.name().equals(AgentConfig.DEFAULT)) {
                throw new Violation("name", "the default agent keeps its name: it answers when no other agent is chosen");
            }
            AgentConfig revised = current.get().revise(draft, known, now());
            store.save(actor, revised);
            announce(revised.owner());
            return new Outcome.Done<>(new AgentView(revised, true));
        });
    }

    @Override
    public Outcome<Void> delete(UserId actor, AgentId id) {
        Optional<AgentConfig> current = store.find(actor, id);
        if (current.isEmpty()) {
            return notFound();
        }
        Optional<Rejection> refused = mayNotEdit(actor, current.get());
        if (refused.isEmpty() && current.get().isTheDefault()) {
            refused = Optional.of(new Rejection(ErrorCode.FORBIDDEN,
                    "the default agent can be changed but not deleted: it answers when no other agent is chosen"));
        }
        if (refused.isPresent()) {
            return new Outcome.Rejected<>(refused.get());
        }
        if (!store.delete(actor, id)) {
            return notFound();
        }
        announce(current.get().owner());
        return new Outcome.Done<>(null);
    }

    @Override
    public Outcome<List<AgentConfig>> versions(UserId actor, AgentId id) {
        List<AgentConfig> versions = store.versions(actor, id);
        return versions.isEmpty() ? notFound() : new Outcome.Done<>(versions);
    }

    private Optional<Rejection> mayNotEdit(UserId actor, AgentConfig agent) {
        return agent.editableBy(actor, isAdmin(actor)) ? Optional.empty() : Optional.of(new Rejection(ErrorCode.FORBIDDEN,
                "only an admin can change the gateway's agents; create an agent of your own instead"));
    }

    /** To the millisecond, which every store keeps: an agent answered now reads back the same later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private boolean isAdmin(UserId actor) {
        return users.role(actor) == UserRole.ADMIN;
    }

    private static <T> Outcome<T> notFound() {
        return new Outcome.Rejected<>(Rejection.notFound("agent"));
    }

    private static Rejection conflict(AgentConfig current) {
        return new Rejection(ErrorCode.EDIT_CONFLICT, "agent " + current.name() + " is at version " + current.version()
                + " now; read it again and retry");
    }

    private interface Edit<T> {
        Outcome<T> run();
    }

    /** A draft that breaks a rule of agents, or a name in use, is refused naming the field. */
    private static <T> Outcome<T> edit(Edit<T> edit) {
        try {
            return edit.run();
        } catch (Violation e) {
            return new Outcome.Rejected<>(Rejection.invalid(e.field(), e.reason()));
        } catch (Agents.NameTakenException e) {
            return new Outcome.Rejected<>(Rejection.invalid("name", e.getMessage()));
        } catch (Agents.ConcurrentEditException e) {
            return new Outcome.Rejected<>(new Rejection(ErrorCode.EDIT_CONFLICT, e.getMessage()));
        }
    }

    private void announce(Owner owner) {
        cachedHere.accept(owner);
        changes.publish(owner);
    }
}
