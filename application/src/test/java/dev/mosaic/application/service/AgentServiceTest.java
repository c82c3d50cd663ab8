package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.fakes.InMemoryAccounts;
import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.fakes.LocalOwnerChanges;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.application.port.in.ManageAgentsUseCase.AgentView;
import dev.mosaic.application.port.in.ManageAgentsUseCase.Outcome;
import dev.mosaic.application.tool.ToolRegistry;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentServiceTest {
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryAgents store = new InMemoryAgents();
    private final ModelCatalogService catalog = new ModelCatalogService();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final LocalOwnerChanges changes = new LocalOwnerChanges();
    private final List<Owner> droppedHere = new ArrayList<>();
    private final AgentService agents = new AgentService(store, accounts, m -> catalog.whyNotRoutable(m).isEmpty(),
            new ToolRegistry(List.of(), Set.of("read_file", "grep")), clock, changes, droppedHere::add);
    private final UserId admin = user("admin", UserRole.ADMIN);
    private final UserId alice = user("alice", UserRole.USER);
    private final UserId bob = user("bob", UserRole.USER);

    private UserId user(String name, UserRole role) {
        User user = new User(UserId.random(), name, Instant.now());
        accounts.create(user, role);
        return user.id();
    }

    private static Map<String, Object> agent(String name, Object... more) {
        Map<String, Object> tree = new HashMap<>(Map.of("name", name, "systemPrompt", "You review code."));
        for (int i = 0; i < more.length; i += 2) {
            tree.put((String) more[i], more[i + 1]);
        }
        return tree;
    }

    private static <T> T done(Outcome<T> outcome) {
        return ((Outcome.Done<T>) assertInstanceOf(Outcome.Done.class, outcome)).value();
    }

    private static Rejection rejected(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Rejected.class, outcome).rejection();
    }

    private AgentId gatewayAgent(String name) {
        return done(agents.create(admin, Owner.SYSTEM, agent(name))).agent().id();
    }

    @Test
    void aUserMakesAndChangesTheirOwnAgentVersionByVersion() {
        AgentView made = done(agents.create(alice, Owner.of(alice), agent("reviewer", "defaultModel",
                "anthropic/claude-opus-4-6", "tools", List.of("read_file"))));
        assertEquals(1, made.agent().version());
        assertEquals(Owner.of(alice), made.agent().owner());
        assertTrue(made.editable());
        assertEquals(clock.instant(), made.agent().updatedAt());

        clock.advance(Duration.ofMinutes(5));
        AgentView changed = done(agents.update(alice, made.agent().id(), OptionalInt.of(1), agent("reviewer",
                "tools", List.of("read_file", "grep"))));
        assertEquals(2, changed.agent().version());
        assertTrue(changed.agent().defaultModel().isEmpty(), "the whole agent is replaced: no model now");
        assertEquals(List.of(1, 2), done(agents.versions(alice, made.agent().id())).stream().map(AgentConfig::version).toList());
        assertEquals(clock.instant(), done(agents.get(alice, made.agent().id())).agent().updatedAt());
        done(agents.delete(alice, made.agent().id()));
        assertEquals(List.of(Owner.of(alice), Owner.of(alice), Owner.of(alice)), changes.published(),
                "every instance hears of each change, so none routes with an agent it cached before");
        assertEquals(changes.published(), droppedHere,
                "and this instance drops it at once, without waiting to hear its own announcement");
    }

    @Test
    void anotherUsersAgentIsNotFoundWhateverIsAsked() {
        AgentId mine = done(agents.create(alice, Owner.of(alice), agent("mine"))).agent().id();
        for (Outcome<?> outcome : List.of(agents.get(bob, mine), agents.update(bob, mine, OptionalInt.empty(), agent("x")),
                agents.delete(bob, mine), agents.versions(bob, mine), agents.get(alice, AgentId.random()))) {
            assertEquals(ErrorCode.NOT_FOUND, rejected(outcome).code());
        }
        assertTrue(agents.list(bob).stream().noneMatch(v -> v.agent().id().equals(mine)));
        assertEquals(ErrorCode.FORBIDDEN, rejected(agents.create(bob, Owner.of(alice), agent("planted"))).code());
    }

    @Test
    void onlyAnAdminChangesTheGatewaysAgentsWhichEveryoneSees() {
        assertEquals(ErrorCode.FORBIDDEN, rejected(agents.create(alice, Owner.SYSTEM, agent("sneaky"))).code());
        AgentId shared = gatewayAgent("shared");

        AgentView seen = done(agents.get(alice, shared));
        assertFalse(seen.editable());
        assertTrue(done(agents.get(admin, shared)).editable());
        assertEquals(ErrorCode.FORBIDDEN, rejected(agents.update(alice, shared, OptionalInt.empty(), agent("shared"))).code());
        assertEquals(ErrorCode.FORBIDDEN, rejected(agents.delete(alice, shared)).code());
        assertEquals(1, done(agents.get(alice, shared)).agent().version());

        done(agents.update(admin, shared, OptionalInt.empty(), agent("shared")));
        done(agents.delete(admin, shared));
        assertEquals(ErrorCode.NOT_FOUND, rejected(agents.get(alice, shared)).code());
    }

    @Test
    void unknownModelsAndToolsAnEmptyPromptAndATakenNameAreRefusedNamingTheField() {
        assertEquals("defaultModel", rejected(agents.create(alice, Owner.of(alice),
                agent("a", "defaultModel", "openai/gpt-9"))).field());
        assertEquals("capabilities.preferredModels", rejected(agents.create(alice, Owner.of(alice),
                agent("a", "capabilities", Map.of("preferredModels", List.of("openai/gpt-9"))))).field());
        assertEquals("tools", rejected(agents.create(alice, Owner.of(alice), agent("a", "tools", List.of("rm_rf")))).field());
        assertEquals("systemPrompt", rejected(agents.create(alice, Owner.of(alice), agent("a", "systemPrompt", " "))).field());
        done(agents.create(alice, Owner.of(alice), agent("taken")));
        Rejection taken = rejected(agents.create(alice, Owner.of(alice), agent("taken")));
        assertEquals(ErrorCode.INVALID_INPUT, taken.code());
        assertEquals("name", taken.field());
        assertEquals(List.of("taken"), agents.list(alice).stream().map(v -> v.agent().name()).toList());
    }

    @Test
    void anEditBasedOnAnOlderVersionIsAConflict() {
        AgentId id = done(agents.create(alice, Owner.of(alice), agent("a"))).agent().id();
        done(agents.update(alice, id, OptionalInt.of(1), agent("a")));
        assertEquals(ErrorCode.EDIT_CONFLICT, rejected(agents.update(alice, id, OptionalInt.of(1), agent("b"))).code());
        assertEquals("a", done(agents.get(alice, id)).agent().name());
    }

    @Test
    void theDefaultAgentIsChangedButNeitherRenamedNorDeleted() {
        AgentId id = gatewayAgent(AgentConfig.DEFAULT);
        assertEquals("name", rejected(agents.update(admin, id, OptionalInt.empty(), agent("general"))).field());
        assertEquals(ErrorCode.FORBIDDEN, rejected(agents.delete(admin, id)).code());
        done(agents.update(admin, id, OptionalInt.empty(), agent(AgentConfig.DEFAULT, "systemPrompt", "Be kind.")));
        assertEquals("Be kind.", done(agents.get(alice, id)).agent().instructions());
    }
}
