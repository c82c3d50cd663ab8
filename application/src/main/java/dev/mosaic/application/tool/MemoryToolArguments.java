package dev.mosaic.application.tool;

import java.util.Set;
import java.util.TreeSet;

/** What the memory tools share: they take only the arguments they name, so none can name a user. */
final class MemoryToolArguments {
    private MemoryToolArguments() {}

    /** Why the call's arguments are not acceptable, or null when they are. */
    static String unknown(ToolInvocation invocation, Set<String> known) {
        Set<String> unknown = new TreeSet<>(invocation.arguments().keySet());
        unknown.removeAll(known);
        return unknown.isEmpty() ? null : "unknown argument(s) " + unknown + "; this tool takes only " + new TreeSet<>(known)
                + " and always acts for the user of this conversation";
    }
}
