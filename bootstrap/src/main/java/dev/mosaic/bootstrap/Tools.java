package dev.mosaic.bootstrap;

import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.in.SearchMessagesQuery;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.application.tool.ConversationSearchTool;
import dev.mosaic.application.tool.CurrentTimeTool;
import dev.mosaic.application.tool.MemoryGetPreferencesTool;
import dev.mosaic.application.tool.MemorySaveInsightTool;
import dev.mosaic.application.tool.MemorySavePreferenceTool;
import dev.mosaic.application.tool.MemorySearchTool;
import dev.mosaic.application.tool.Tool;
import dev.mosaic.application.tool.ToolRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Every tool an agent may name: the gateway's own and those its clients offer. */
final class Tools {
    /** What the terminal client offers: the user's files, read on the user's machine. */
    static final Set<String> CLIENT_TOOLS = Set.of("read_file", "list_files", "grep", "write_file");

    private Tools() {}

    /** The gateway's own tools, each acting for the user whose message it is. */
    static ToolRegistry registry(SearchMessagesQuery search, ManageMemoryUseCase memory, JsonCodec json, Clock clock) {
        List<Tool> gatewayTools = List.of(new CurrentTimeTool(clock), new ConversationSearchTool(search, json),
                new MemorySearchTool(memory, json), new MemorySaveInsightTool(memory, json),
                new MemoryGetPreferencesTool(memory, json), new MemorySavePreferenceTool(memory, json));
        return new ToolRegistry(gatewayTools, CLIENT_TOOLS);
    }
}
