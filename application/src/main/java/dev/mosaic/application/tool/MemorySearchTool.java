package dev.mosaic.application.tool;

import dev.mosaic.application.port.in.ManageMemoryUseCase.Outcome;
import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.application.view.InsightHit;
import dev.mosaic.application.view.InsightSearch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code memory_search}: the user's insights nearest in meaning to a query; what it returns counts as used. */
public final class MemorySearchTool extends MemoryTool {
    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 20;

    private static final ToolSpec SPEC = new ToolSpec("memory_search",
            "Search what you remember about the user (insights saved earlier) by meaning. Returns the closest"
                    + " insights with a similarity from -1 to 1 (higher is closer) and a relevance that also weighs"
                    + " how recently each was used.",
            """
            {"type": "object",
             "properties": {
               "query": {"type": "string", "minLength": 1, "maxLength": %d,
                         "description": "What to look for, in plain words."},
               "limit": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d,
                         "description": "At most this many insights."}},
             "required": ["query"],
             "additionalProperties": false}"""
                    .formatted(ManageMemoryUseCase.MAX_QUERY_LENGTH, MAX_LIMIT, DEFAULT_LIMIT));

    public MemorySearchTool(ManageMemoryUseCase memory, JsonCodec json) {
        super(SPEC, Set.of("query", "limit"), memory, json);
    }

    @Override
    ToolOutput call(ToolInvocation invocation) {
        String query;
        int limit;
        try {
            query = invocation.text("query", null);
            limit = invocation.number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        } catch (IllegalArgumentException e) {
            return ToolOutput.error(e.getMessage());
        }
        if (query == null) {
            return ToolOutput.error("query is required: what to look for");
        }
        return switch (memory.search(invocation.actor(), query, limit)) {
            case Outcome.Done<InsightSearch>(InsightSearch found) -> {
                memory.markUsed(invocation.actor(), found.hits().stream().map(h -> h.insight().id()).toList());
                Map<String, Object> output = new LinkedHashMap<>();
                output.put("results", found.hits().stream().map(MemorySearchTool::result).toList());
                found.partial().ifPresent(why -> output.put("partial", why));
                yield ToolOutput.ok(json.write(output));
            }
            case Outcome.Rejected<InsightSearch> rejected -> ToolOutput.error(rejected.rejection().message());
        };
    }

    private static Map<String, Object> result(InsightHit hit) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", hit.insight().id().toString());
        result.put("text", hit.insight().text());
        result.put("similarity", Math.round(hit.similarity() * 1000) / 1000.0);
        result.put("relevance", Math.round(hit.relevance() * 1000) / 1000.0);
        result.put("createdAt", hit.insight().createdAt().toString());
        return result;
    }
}
