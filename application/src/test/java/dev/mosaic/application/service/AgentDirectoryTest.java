package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.fakes.InMemoryAgents;
import dev.mosaic.application.port.out.Agents;
import dev.mosaic.domain.agent.AgentConfig;
import dev.mosaic.domain.agent.AgentDraft;
import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentDirectoryTest {
    private static final AgentDraft.Vocabulary ANYTHING = new AgentDraft.Vocabulary() {
        @Override
        public boolean knowsModel(RouteTarget model) {
            return true;
        }

        @Override
        public boolean knowsTool(String name) {
            return true;
        }
    };
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();
    private final InMemoryAgents agents = new InMemoryAgents();
    private final AtomicInteger lists = new AtomicInteger();
    /** The store, counting how often the directory reads every agent of a user. */
    private final Agents counting = new Agents() {
        @Override
        public Optional<AgentConfig> find(UserId actor, AgentId id) {
            return agents.find(actor, id);
        }

        @Override
        public Optional<AgentConfig> findByName(UserId actor, String name) {
            return agents.findByName(actor, name);
        }

        @Override
        public List<AgentConfig> list(UserId actor) {
            lists.incrementAndGet();
            return agents.list(actor);
        }

        @Override
        public List<AgentConfig> versions(UserId actor, AgentId id) {
            return agents.versions(actor, id);
        }

        @Override
        public void save(UserId actor, AgentConfig agent) {
            agents.save(actor, agent);
        }

        @Override
        public boolean delete(UserId actor, AgentId id) {
            return agents.delete(actor, id);
        }
    };
    private final AgentDirectory directory = new AgentDirectory(counting);

    private AgentConfig saved(UserId actor, Owner owner, String name, String prompt) {
        AgentConfig agent = AgentConfig.create(AgentId.random(), owner, AgentDraft.of(name, "", prompt, null, List.of()),
                ANYTHING, Instant.now());
        agents.save(actor, agent);
        return agent;
    }

    @Test
    void agentsAreReadOnceAndAUsersOwnComeBeforeTheGatewaysOfTheSameName() {
        saved(alice, Owner.SYSTEM, "default", "Gateway.");
        saved(alice, Owner.of(alice), "default", "Alice's own.");
        saved(bob, Owner.of(bob), "secret", "Bob's.");

        assertEquals("Alice's own.", directory.findByName(alice, "default").orElseThrow().definition().systemPrompt());
        assertEquals("Gateway.", directory.findByName(bob, "default").orElseThrow().definition().systemPrompt());
        assertTrue(directory.findByName(alice, "secret").isEmpty(), "another user's agent is never found");
        int reads = lists.get();
        for (int i = 0; i < 10; i++) {
            directory.findByName(alice, "default");
        }
        assertEquals(reads, lists.get(), "later messages are routed from memory");
    }

    @Test
    void aChangeAnnouncedForAnOwnerIsReadAgainAndANewAgentIsFoundAtOnce() {
        AgentConfig mine = saved(alice, Owner.of(alice), "helper", "Version one.");
        assertEquals(1, directory.find(alice, mine.id()).orElseThrow().version());

        AgentConfig made = saved(alice, Owner.of(alice), "fresh", "Made after the cache was filled.");
        assertEquals(made, directory.find(alice, made.id()).orElseThrow(), "not yet heard of, so looked up");

        agents.save(alice, mine.revise(AgentDraft.of("helper", "", "Version two.", null, List.of()), ANYTHING,
                Instant.now()));
        directory.changed(Owner.of(alice));
        assertEquals(2, directory.find(alice, mine.id()).orElseThrow().version());
        assertTrue(directory.find(bob, mine.id()).isEmpty());
    }
}
