package dev.mosaic.application.tool;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.port.in.SearchMessagesQuery;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.application.view.SearchHit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code conversation_search}: full-text search over the acting user's own conversations, through
 * the same search people use; nothing in the arguments can widen it to anyone else's.
 */
public final class ConversationSearchTool implements Tool {
    static final int DEFAULT_LIMIT = 5;
    private static final ToolSpec SPEC = new ToolSpec("conversation_search",
            "Search the user's earlier conversations by words. Use it when the user refers to something discussed "
                    + "before. Syntax: words, \"exact phrase\", or, -excluded, prefix*.",
            """
            {"type":"object","properties":{"query":{"type":"string","description":"what to look for"},\
            "limit":{"type":"integer","minimum":1,"maximum":20,"description":"how many messages, 5 when omitted"}},\
            "required":["query"],"additionalProperties":false}""");

    private final SearchMessagesQuery search;
    private final JsonCodec json;

    public ConversationSearchTool(SearchMessagesQuery search, JsonCodec json) {
        this.search = search;
        this.json = json;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolOutput run(ToolInvocation invocation) {
        String query;
        int limit;
        try {
            query = invocation.text("query", "");
            if (query.isBlank()) {
                return ToolOutput.error("'query' is required: the words to look for");
            }
            limit = invocation.number("limit", DEFAULT_LIMIT, 1, 20);
        } catch (IllegalArgumentException e) {
            return ToolOutput.error(e.getMessage());
        }
        return switch (search.search(invocation.actor(), query, new PageRequest(1, limit))) {
            case SearchMessagesQuery.Outcome.Rejected(var rejection) -> ToolOutput.error(rejection.message());
            case SearchMessagesQuery.Outcome.Found(var page) -> {
                List<Map<String, Object>> hits = new ArrayList<>();
                for (SearchHit hit : page.items()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("conversationId", hit.conversationId().toString());
                    item.put("conversationTitle", hit.conversationTitle());
                    item.put("role", hit.role().name().toLowerCase(java.util.Locale.ROOT));
                    item.put("createdAt", hit.createdAt().toString());
                    item.put("snippet", hit.snippet());
                    hits.add(item);
                }
                yield ToolOutput.ok(json.write(Map.of("total", page.total(), "hits", hits)));
            }
        };
    }
}
