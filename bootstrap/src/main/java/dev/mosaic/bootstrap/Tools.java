package dev.mosaic.bootstrap;

import dev.mosaic.application.tool.Tool;
import dev.mosaic.application.tool.ToolRegistry;
import java.util.List;
import java.util.Set;

/** Every tool an agent may name: the gateway's own and those its clients offer. */
final class Tools {
    /** What the terminal client offers: the user's files, read on the user's machine. */
    static final Set<String> CLIENT_TOOLS = Set.of("read_file", "list_files", "grep");

    private Tools() {}

    /**
     * The seeded agents also name the gateway's conversation_search and current_time; until those
     * tools are in this list, an agent naming them cannot be saved.
     */
    static ToolRegistry registry() {
        List<Tool> gatewayTools = List.of();
        return new ToolRegistry(gatewayTools, CLIENT_TOOLS);
    }
}
