package dev.mosaic.application.tool;

import dev.mosaic.application.port.in.ManageMemoryUseCase.Outcome;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.domain.memory.Preference;
import java.util.Map;
import java.util.Set;

/** {@code memory_save_preference}: sets one of the user's preferences, replacing its value. */
public final class MemorySavePreferenceTool extends MemoryTool {
    private static final ToolSpec SPEC = new ToolSpec("memory_save_preference",
            "Set one of the user's preferences when they state how they want to be answered or worked with"
                    + " (e.g. key \"language\", value \"answer in German\"). Preferences apply to every later"
                    + " conversation; setting a key again replaces its value.",
            """
            {"type": "object",
             "properties": {
               "key": {"type": "string", "pattern": "^[a-z][a-z0-9_.-]{0,63}$",
                       "description": "A short lower-case name, e.g. language or code.style."},
               "value": {"type": "string", "minLength": 1, "maxLength": %d,
                         "description": "The preference, in plain words."}},
             "required": ["key", "value"],
             "additionalProperties": false}""".formatted(Preference.MAX_VALUE_LENGTH));

    public MemorySavePreferenceTool(ManageMemoryUseCase memory, JsonCodec json) {
        super(SPEC, Set.of("key", "value"), memory, json);
    }

    @Override
    ToolOutput call(ToolInvocation invocation) {
        String key;
        String value;
        try {
            key = invocation.text("key", null);
            value = invocation.text("value", null);
        } catch (IllegalArgumentException e) {
            return ToolOutput.error(e.getMessage());
        }
        return switch (memory.setPreference(invocation.actor(), key, value)) {
            case Outcome.Done<Preference>(Preference saved) ->
                    ToolOutput.ok(json.write(Map.of("saved", Map.of("key", saved.key(), "value", saved.value()))));
            case Outcome.Rejected<Preference> rejected -> ToolOutput.error(rejected.rejection().message());
        };
    }
}
