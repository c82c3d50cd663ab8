package dev.mosaic.domain.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.TaskDomain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> tree(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {});
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String fieldOf(String json) {
        return assertThrows(Violation.class, () -> AgentTree.read(tree(json))).field();
    }

    @Test
    void anAgentReadsWholeAndWritesBackTheSame() throws Exception {
        AgentDraft draft = AgentTree.read(tree("""
                {"name": "coding-agent", "description": " Writes code ", "systemPrompt": "You write code.",
                 "defaultModel": "openrouter/anthropic/claude-sonnet-4.6", "tools": ["read_file", "grep"],
                 "skills": [{"name": "review", "instructions": "Review it."}],
                 "capabilities": {"domains": ["backend", "devops"], "preferredModels": ["openai/gpt-5.4"]},
                 "stepLimit": 5, "toolTimeoutSeconds": 90}"""));
        assertEquals("Writes code", draft.description());
        assertEquals(new RouteTarget("openrouter", "anthropic/claude-sonnet-4.6"), draft.defaultModel());
        assertEquals(List.of(new Skill("review", "Review it.")), draft.skills());
        assertEquals(Set.of(TaskDomain.BACKEND, TaskDomain.DEVOPS), draft.capabilities().domains());
        assertEquals(Duration.ofSeconds(90), draft.toolTimeout());
        String written = JSON.writeValueAsString(AgentTree.write(draft));
        assertEquals(draft, AgentTree.read(tree(written)));
    }

    @Test
    void onlyTheNameAndThePromptAreRequired() {
        AgentDraft draft = AgentTree.read(tree("{\"name\": \"plain\", \"systemPrompt\": \"Be brief.\"}"));
        assertNull(draft.defaultModel());
        assertEquals(List.of(), draft.tools());
        assertEquals(AgentDraft.DEFAULT_STEP_LIMIT, draft.stepLimit());
        assertEquals(AgentDraft.DEFAULT_TOOL_TIMEOUT, draft.toolTimeout());
    }

    @Test
    void aMistakeNamesItsField() {
        assertEquals("name", fieldOf("{\"systemPrompt\": \"x\"}"));
        assertEquals("systemPrompt", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"  \"}"));
        assertEquals("systemPrompt", fieldOf("{\"name\": \"a\", \"systemPrompt\": 3}"));
        assertEquals("colour", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"colour\": \"red\"}"));
        assertEquals("defaultModel", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"defaultModel\": \"gpt\"}"));
        assertEquals("tools", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"tools\": \"grep\"}"));
        assertEquals("skills[0]", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"skills\": [\"s\"]}"));
        assertEquals("capabilities.domains",
                fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"capabilities\": {\"domains\": [\"cooking\"]}}"));
        assertEquals("capabilities.preferredModels[1]", fieldOf("""
                {"name": "a", "systemPrompt": "x", "capabilities": {"preferredModels": ["openai/gpt-5.4", "x"]}}"""));
        assertEquals("stepLimit", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"stepLimit\": 0}"));
        assertEquals("stepLimit", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"stepLimit\": 1.5}"));
        assertEquals("toolTimeoutSeconds", fieldOf("{\"name\": \"a\", \"systemPrompt\": \"x\", \"toolTimeoutSeconds\": 0}"));
    }
}
