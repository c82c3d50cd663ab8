package dev.mosaic.application.port.in;

import dev.mosaic.application.tool.ToolSpec;
import java.util.List;
import java.util.Set;

/** The tools an agent may name: the gateway's own, and those a client may offer. */
public interface ListToolsQuery {

    Tools tools();

    /**
     * @param gateway the tools the gateway runs, with what the model is told of them
     * @param client the names of the tools clients may offer and run themselves
     */
    record Tools(List<ToolSpec> gateway, Set<String> client) {
        public Tools {
            gateway = List.copyOf(gateway);
            client = Set.copyOf(client);
        }
    }
}
