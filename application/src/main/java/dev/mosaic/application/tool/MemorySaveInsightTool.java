package dev.mosaic.application.tool;

import dev.mosaic.application.port.in.ManageMemoryUseCase.Outcome;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.domain.memory.Insight;
import java.util.Map;
import java.util.Set;

/** {@code memory_save_insight}: remembers a fact about the user, noting the conversation it came from. */
public final class MemorySaveInsightTool extends MemoryTool {
    private static final ToolSpec SPEC = new ToolSpec("memory_save_insight",
            "Remember a lasting fact about the user or their work (\"lives in Lisbon\", \"their team deploys on"
                    + " Fridays\") so it can be found in later conversations. One self-contained fact per call;"
                    + " do not save passing remarks or anything the user asked you to forget.",
            """
            {"type": "object",
             "properties": {
               "text": {"type": "string", "minLength": 1, "maxLength": %d,
                        "description": "The fact, as a sentence that makes sense on its own."}},
             "required": ["text"],
             "additionalProperties": false}""".formatted(Insight.MAX_TEXT_LENGTH));

    public MemorySaveInsightTool(ManageMemoryUseCase memory, JsonCodec json) {
        super(SPEC, Set.of("text"), memory, json);
    }

    @Override
    ToolOutput call(ToolInvocation invocation) {
        String text;
        try {
            text = invocation.text("text", null);
        } catch (IllegalArgumentException e) {
            return ToolOutput.error(e.getMessage());
        }
        if (text == null) {
            return ToolOutput.error("text is required: the fact to remember");
        }
        return switch (memory.saveInsight(invocation.actor(), text, invocation.conversation(), null)) {
            case Outcome.Done<Insight>(Insight insight) ->
                    ToolOutput.ok(json.write(Map.of("saved", Map.of("id", insight.id().toString(), "text", insight.text()))));
            case Outcome.Rejected<Insight> rejected -> ToolOutput.error(rejected.rejection().message());
        };
    }
}
