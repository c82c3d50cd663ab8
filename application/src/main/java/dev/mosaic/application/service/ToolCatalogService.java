package dev.mosaic.application.service;

import dev.mosaic.application.port.in.ListToolsQuery;
import dev.mosaic.application.tool.ToolRegistry;
import java.util.Objects;

/** What the tool registry holds, for clients choosing what to offer and people writing agents. */
public final class ToolCatalogService implements ListToolsQuery {
    private final ToolRegistry registry;

    public ToolCatalogService(ToolRegistry registry) {
        this.registry = Objects.requireNonNull(registry);
    }

    @Override
    public Tools tools() {
        return new Tools(registry.gatewaySpecs(registry.gatewayToolNames()), registry.clientToolNames());
    }
}
