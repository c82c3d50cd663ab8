package dev.mosaic.bootstrap;

import dev.mosaic.application.port.in.SearchMessagesQuery;
import dev.mosaic.application.port.out.JsonCodec;
import dev.mosaic.application.tool.ConversationSearchTool;
import dev.mosaic.application.tool.CurrentTimeTool;
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
    static ToolRegistry registry(SearchMessagesQuery search, JsonCodec json, Clock clock) {
        List<Tool> gatewayTools = List.of(new CurrentTimeTool(clock), new ConversationSearchTool(search, json));
        return new ToolRegistry(gatewayTools, CLIENT_TOOLS);
    }
}
