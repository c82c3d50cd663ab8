package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.Agents;
import dev.mosaic.domain.agent.AgentCapabilities;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentDraft;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.agent.Skill;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Agents} must do, run against the in-memory fake and the real database. */
public abstract class AgentsContract {

    protected abstract Agents agents();

    /** A user that exists in the store's world; {@code admin} ones may write the gateway's agents. */
    protected abstract UserId newUser(boolean admin);

    /** Every model and tool exists here: what exists is the service's concern, not the store's. */
    protected static final AgentDraft.Vocabulary ANYTHING = new AgentDraft.Vocabulary() {
        @Override
        public boolean knowsModel(RouteTarget model) {
            return true;
        }

        @Override
        public boolean knowsTool(String name) {
            return true;
        }
    };

    private Agents store;
    private UserId admin;
    private UserId alice;
    private UserId bob;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void setUp() {
        store = agents();
        admin = newUser(true);
        alice = newUser(false);
        bob = newUser(false);
    }

    /** Names unique to this test, since the gateway's agents are shared by every test of a store. */
    protected static String uniqueName() {
        return "agent-" + UUID.randomUUID();
    }

    protected static AgentDraft draft(String name) {
        return new AgentDraft(name, "Reviews code", "You review code.", new RouteTarget("anthropic", "claude-opus-4-6"),
                List.of("read_file", "grep"), List.of(new Skill("style", "Mind the style guide.")),
                new AgentCapabilities(Set.of(TaskDomain.BACKEND), List.of(new RouteTarget("openai", "gpt-5.4"))), 7,
                Duration.ofSeconds(45));
    }

    private AgentConfig agentOf(Owner owner, String name) {
        return AgentConfig.create(AgentId.random(), owner, draft(name), ANYTHING, t0);
    }

    @Test
    void aUsersOwnAgentIsSeenByThatUserOnly() {
        AgentConfig mine = agentOf(Owner.of(alice), uniqueName());
        store.save(alice, mine);

        AgentConfig found = store.find(alice, mine.id()).orElseThrow();
        assertEquals(mine.definition(), found.definition(), "every part of the definition comes back");
        assertEquals(mine.owner(), found.owner());
        assertEquals(1, found.version());
        assertEquals(t0, found.updatedAt());
        assertEquals(Optional.of(mine), store.findByName(alice, mine.name()));
        assertTrue(store.list(alice).contains(mine));
        assertEquals(List.of(mine), store.versions(alice, mine.id()));

        assertEquals(Optional.empty(), store.find(bob, mine.id()));
        assertEquals(Optional.empty(), store.findByName(bob, mine.name()));
        assertFalse(store.list(bob).contains(mine));
        assertEquals(List.of(), store.versions(bob, mine.id()));
        assertFalse(store.delete(bob, mine.id()));
        assertTrue(store.find(alice, mine.id()).isPresent());
    }

    @Test
    void nobodyWritesAnotherUsersAgent() {
        AgentConfig mine = agentOf(Owner.of(alice), uniqueName());
        store.save(alice, mine);
        assertThrows(IllegalStateException.class, () -> store.save(bob, mine.revise(draft(uniqueName()), ANYTHING, t0)));
        assertThrows(IllegalStateException.class, () -> store.save(bob, agentOf(Owner.of(alice), uniqueName())));
        assertEquals(Optional.of(mine), store.find(alice, mine.id()));
    }

    @Test
    void everyEditIsANewVersionAndTheOldOnesStay() {
        AgentConfig first = agentOf(Owner.of(alice), uniqueName());
        store.save(alice, first);
        AgentConfig second = first.revise(AgentDraft.of(uniqueName(), "", "You are terse.", null, List.of()), ANYTHING,
                t0.plusSeconds(60));
        store.save(alice, second);

        AgentConfig latest = store.find(alice, first.id()).orElseThrow();
        assertEquals(2, latest.version());
        assertEquals(second.name(), latest.name());
        assertEquals(Optional.empty(), latest.defaultModel());
        assertEquals(t0.plusSeconds(60), latest.updatedAt());
        List<AgentConfig> versions = store.versions(alice, first.id());
        assertEquals(List.of(1, 2), versions.stream().map(AgentConfig::version).toList());
        assertEquals(first.definition(), versions.getFirst().definition());
        assertEquals(Optional.empty(), store.findByName(alice, first.name()), "the old name is free");
    }

    @Test
    void aVersionMustFollowTheStoredLatestOne() {
        AgentConfig first = agentOf(Owner.of(alice), uniqueName());
        store.save(alice, first);
        AgentConfig second = first.revise(draft(first.name()), ANYTHING, t0);
        store.save(alice, second);
        AgentConfig stale = first.revise(draft(uniqueName()), ANYTHING, t0);
        assertThrows(Agents.ConcurrentEditException.class, () -> store.save(alice, stale));
        AgentConfig skipping = second.revise(draft(first.name()), ANYTHING, t0).revise(draft(first.name()), ANYTHING, t0);
        assertThrows(Agents.ConcurrentEditException.class, () -> store.save(alice, skipping));
        assertThrows(Agents.ConcurrentEditException.class, () -> store.save(alice, first), "an id is stored once");
        assertEquals(2, store.find(alice, first.id()).orElseThrow().version());
    }

    @Test
    void namesAreUniquePerOwnerAmongLiveAgents() {
        String name = uniqueName();
        AgentConfig mine = agentOf(Owner.of(alice), name);
        store.save(alice, mine);
        assertThrows(Agents.NameTakenException.class, () -> store.save(alice, agentOf(Owner.of(alice), name)));
        store.save(bob, agentOf(Owner.of(bob), name));

        AgentConfig other = agentOf(Owner.of(alice), uniqueName());
        store.save(alice, other);
        assertThrows(Agents.NameTakenException.class, () -> store.save(alice, other.revise(draft(name), ANYTHING, t0)));

        assertTrue(store.delete(alice, mine.id()));
        store.save(alice, agentOf(Owner.of(alice), name));
    }

    @Test
    void aDeletedAgentIsGoneFromEveryQuery() {
        AgentConfig mine = agentOf(Owner.of(alice), uniqueName());
        store.save(alice, mine);
        assertTrue(store.delete(alice, mine.id()));
        assertEquals(Optional.empty(), store.find(alice, mine.id()));
        assertEquals(Optional.empty(), store.findByName(alice, mine.name()));
        assertFalse(store.list(alice).contains(mine));
        assertEquals(List.of(), store.versions(alice, mine.id()));
        assertFalse(store.delete(alice, mine.id()));
        assertThrows(Agents.ConcurrentEditException.class,
                () -> store.save(alice, mine.revise(draft(mine.name()), ANYTHING, t0)), "a deleted agent takes no version");
    }

    @Test
    void theGatewaysAgentsAreSeenByEveryoneAndAUsersOwnNameComesFirst() {
        String name = uniqueName();
        AgentConfig gateways = agentOf(Owner.SYSTEM, name);
        store.save(admin, gateways);
        AgentConfig alices = agentOf(Owner.of(alice), name);
        store.save(alice, alices);

        assertEquals(Optional.of(gateways), store.find(bob, gateways.id()));
        assertEquals(Optional.of(gateways), store.findByName(bob, name));
        assertEquals(Optional.of(alices), store.findByName(alice, name));

        List<AgentConfig> listed = store.list(alice);
        assertTrue(listed.indexOf(gateways) < listed.indexOf(alices), "the gateway's first: " + listed);
        List<String> systemNames = listed.stream().filter(a -> a.owner().isSystem()).map(AgentConfig::name).toList();
        assertEquals(systemNames.stream().sorted().toList(), systemNames, "each by name");

        assertTrue(store.delete(admin, gateways.id()));
        assertFalse(store.list(bob).contains(gateways));
    }
}
