package dev.mosaic.application.tool;

import dev.mosaic.application.port.in.ManageMemoryUseCase;
import dev.mosaic.application.port.out.JsonCodec;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the memory tools share: they act on the memory of the invocation's user, and take only the
 * arguments they name, so that none can name a user.
 */
abstract class MemoryTool implements Tool {
    final ManageMemoryUseCase memory;
    final JsonCodec json;
    private final ToolSpec spec;
    private final Set<String> arguments;

    MemoryTool(ToolSpec spec, Set<String> arguments, ManageMemoryUseCase memory, JsonCodec json) {
        this.spec = Objects.requireNonNull(spec);
        this.arguments = Set.copyOf(arguments);
        this.memory = Objects.requireNonNull(memory);
        this.json = Objects.requireNonNull(json);
    }

    @Override
    public final ToolSpec spec() {
        return spec;
    }

    @Override
    public final ToolOutput run(ToolInvocation invocation) {
        Set<String> unknown = new TreeSet<>(invocation.arguments().keySet());
        unknown.removeAll(arguments);
        if (!unknown.isEmpty()) {
            return ToolOutput.error("unknown argument(s) " + unknown + "; this tool takes only " + new TreeSet<>(arguments)
                    + " and always acts for the user of this conversation");
        }
        return call(invocation);
    }

    /** Runs a call whose arguments are all known. */
    abstract ToolOutput call(ToolInvocation invocation);
}
