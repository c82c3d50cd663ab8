package dev.mosaic.application.tool;

import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.domain.memory.Preference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code memory_get_preferences}: the user's preferences, by key. */
public final class MemoryGetPreferencesTool extends MemoryTool {
    private static final ToolSpec SPEC = new ToolSpec("memory_get_preferences",
            "Read the user's stated preferences (how they like answers, languages, tools), as key and value.",
            """
            {"type": "object", "properties": {}, "additionalProperties": false}""");

    public MemoryGetPreferencesTool(ManageMemoryUseCase memory, JsonCodec json) {
        super(SPEC, Set.of(), memory, json);
    }

    @Override
    ToolOutput call(ToolInvocation invocation) {
        Map<String, String> preferences = new LinkedHashMap<>();
        for (Preference preference : memory.preferences(invocation.actor())) {
            preferences.put(preference.key(), preference.value());
        }
        return ToolOutput.ok(json.write(Map.of("preferences", preferences)));
    }
}
