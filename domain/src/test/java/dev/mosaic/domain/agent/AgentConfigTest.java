package dev.mosaic.domain.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.domain.Violation;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.TaskDomain;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    private static final RouteTarget OPUS = new RouteTarget("anthropic", "claude-opus-4-6");
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final AgentDraft.Vocabulary KNOWN = new AgentDraft.Vocabulary() {
        @Override
        public boolean knowsModel(RouteTarget model) {
            return model.equals(OPUS);
        }

        @Override
        public boolean knowsTool(String name) {
            return Set.of("current_time", "read_file").contains(name);
        }
    };
    private final UserId alice = UserId.random();
    private final UserId bob = UserId.random();

    private static AgentDraft draft(String name, String prompt, RouteTarget model, List<String> tools) {
        return AgentDraft.of(name, "", prompt, model, tools);
    }

    @Test
    void everyEditIsANewVersionOfTheSameAgentAndOwner() {
        AgentConfig v1 = AgentConfig.create(AgentId.random(), Owner.of(alice), draft("helper", "Help.", null, List.of()),
                KNOWN, NOW);
        AgentConfig v2 = v1.revise(draft("helper", "Help more.", OPUS, List.of("read_file")), KNOWN, NOW.plusSeconds(1));

        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(v1.id(), v2.id());
        assertEquals(v1.owner(), v2.owner());
        assertEquals(new AgentRef(v1.id(), "helper", 2), v2.ref());
        assertEquals("Help.", v1.instructions(), "the old version is unchanged");
        assertTrue(v1.defaultModel().isEmpty(), "routing decides for version 1");
        assertEquals(OPUS, v2.defaultModel().orElseThrow());
    }

    @Test
    void onlyAllowedToolsMayRun() {
        AgentConfig agent = AgentConfig.create(AgentId.random(), Owner.SYSTEM,
                draft("coder", "Code.", null, List.of("read_file")), KNOWN, NOW);
        assertTrue(agent.allows("read_file"));
        assertFalse(agent.allows("current_time"));
        assertFalse(agent.allows("rm_rf"));
    }

    @Test
    void skillsFollowThePromptUnderTheirNames() {
        AgentDraft draft = new AgentDraft("writer", "", "Write well.", null, List.of(),
                List.of(new Skill("tone", "Be warm."), new Skill("length", "Be short.")), AgentCapabilities.NONE, 20, null);
        AgentConfig agent = AgentConfig.create(AgentId.random(), Owner.SYSTEM, draft, KNOWN, NOW);
        assertEquals("Write well.\n\n## Skill: tone\nBe warm.\n\n## Skill: length\nBe short.", agent.instructions());
        assertEquals(AgentDraft.DEFAULT_TOOL_TIMEOUT, agent.toolTimeout());
    }

    @Test
    void theGatewaysAgentsAreSeenByAllAndEditedByAdminsOnly() {
        AgentConfig system = AgentConfig.create(AgentId.random(), Owner.SYSTEM, draft("default", "Hi.", null, List.of()),
                KNOWN, NOW);
        AgentConfig alices = AgentConfig.create(AgentId.random(), Owner.of(alice), draft("mine", "Hi.", null, List.of()),
                KNOWN, NOW);

        assertTrue(system.visibleTo(bob));
        assertFalse(system.editableBy(bob, false));
        assertTrue(system.editableBy(bob, true));
        assertTrue(alices.visibleTo(alice));
        assertFalse(alices.visibleTo(bob));
        assertFalse(alices.editableBy(bob, true), "being an admin gives no access to another user's agent");
        assertTrue(alices.editableBy(alice, false));
    }

    @Test
    void preferredModelsApplyToTheAgentsDomainsOnly() {
        AgentDraft draft = new AgentDraft("frontend", "", "UI.", null, List.of(), List.of(),
                new AgentCapabilities(Set.of(TaskDomain.FRONTEND), List.of(OPUS)), 20, null);
        AgentConfig agent = AgentConfig.create(AgentId.random(), Owner.SYSTEM, draft, KNOWN, NOW);
        assertEquals(List.of(OPUS), agent.preferredModelsFor(TaskDomain.FRONTEND));
        assertEquals(List.of(), agent.preferredModelsFor(TaskDomain.BACKEND));
    }

    @Test
    void aDraftNamesWhatIsWrongWithIt() {
        assertEquals("systemPrompt", assertThrows(Violation.class, () -> draft("a", "  ", null, List.of())).field());
        assertEquals("name", assertThrows(Violation.class, () -> draft("Has Spaces", "x", null, List.of())).field());
        assertEquals("tools", assertThrows(Violation.class, () -> draft("a", "x", null, List.of("a", "a"))).field());
        assertEquals("stepLimit", assertThrows(Violation.class, () -> new AgentDraft("a", "", "x", null, List.of(),
                List.of(), null, 0, null)).field());
        assertEquals("toolTimeout", assertThrows(Violation.class, () -> new AgentDraft("a", "", "x", null, List.of(),
                List.of(), null, 20, Duration.ofHours(1))).field());
        assertEquals("skills", assertThrows(Violation.class, () -> new AgentDraft("a", "", "x", null, List.of(),
                List.of(new Skill("s", "one"), new Skill("s", "two")), null, 20, null)).field());
    }

    @Test
    void unknownModelsAndToolsAreRefusedWhenTheAgentIsMadeOrChanged() {
        Violation model = assertThrows(Violation.class, () -> AgentConfig.create(AgentId.random(), Owner.SYSTEM,
                draft("a", "x", new RouteTarget("openai", "gpt-0"), List.of()), KNOWN, NOW));
        assertEquals("defaultModel", model.field());
        AgentConfig agent = AgentConfig.create(AgentId.random(), Owner.SYSTEM, draft("a", "x", null, List.of()), KNOWN, NOW);
        Violation tool = assertThrows(Violation.class, () -> agent.revise(draft("a", "x", null, List.of("rm_rf")), KNOWN,
                NOW));
        assertEquals("tools", tool.field());
        assertTrue(tool.reason().contains("rm_rf"), tool.reason());
    }
}
