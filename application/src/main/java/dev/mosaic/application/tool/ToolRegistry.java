package dev.mosaic.application.tool;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every tool an agent may name: the gateway's own, which it runs, and the client tools that clients
 * offer when they connect, which the client that offers one runs. Adding a gateway tool is adding
 * it to the list the registry is built with.
 */
public final class ToolRegistry {
    private final Map<String, Tool> gatewayTools = new LinkedHashMap<>();
    private final Set<String> clientTools;

    /** @param clientTools the names of the tools clients may offer, e.g. read_file */
    public ToolRegistry(Collection<? extends Tool> tools, Collection<String> clientTools) {
        for (Tool tool : tools) {
            String name = tool.spec().name();
            if (gatewayTools.put(name, tool) != null) {
                throw new IllegalArgumentException("two tools named " + name);
            }
        }
        this.clientTools = Set.copyOf(clientTools);
        for (String name : this.clientTools) {
            if (gatewayTools.containsKey(name)) {
                throw new IllegalArgumentException(name + " cannot be both a gateway tool and a client tool");
            }
        }
    }

    /** Whether an agent may name {@code name}: a gateway tool or a client tool. */
    public boolean knows(String name) {
        return gatewayTools.containsKey(name) || clientTools.contains(name);
    }

    public Optional<Tool> gatewayTool(String name) {
        return Optional.ofNullable(gatewayTools.get(name));
    }

    public boolean isClientTool(String name) {
        return clientTools.contains(name);
    }

    /** The gateway's tools among {@code names}, in that order. */
    public List<ToolSpec> gatewaySpecs(Collection<String> names) {
        return names.stream().map(gatewayTools::get).filter(t -> t != null).map(Tool::spec).toList();
    }

    public List<String> gatewayToolNames() {
        return List.copyOf(gatewayTools.keySet());
    }

    public Set<String> clientToolNames() {
        return clientTools;
    }
}
