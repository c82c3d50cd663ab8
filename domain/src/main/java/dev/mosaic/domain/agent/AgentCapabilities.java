package dev.mosaic.domain.agent;

import dev.mosaic.domain.Violation;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.routing.TaskDomain;
import java.util.List;
import java.util.Set;

/**
 * What an agent is for, which routing takes into account when the agent leaves the model to it:
 * messages in one of its {@code domains} go to its {@code preferredModels} first.
 *
 * @param domains empty: any
 * @param preferredModels tried in this order before the routing rules' choice
 */
public record AgentCapabilities(Set<TaskDomain> domains, List<RouteTarget> preferredModels) {
    public static final AgentCapabilities NONE = new AgentCapabilities(Set.of(), List.of());

    public AgentCapabilities {
        domains = domains == null ? Set.of() : Set.copyOf(domains);
        preferredModels = preferredModels == null ? List.of() : List.copyOf(preferredModels);
        if (preferredModels.size() != Set.copyOf(preferredModels).size()) {
            throw new Violation("capabilities.preferredModels", "lists a model twice");
        }
    }

    /** Whether the preferred models apply to a message of {@code domain}. */
    public boolean covers(TaskDomain domain) {
        return domains.isEmpty() || domains.contains(domain);
    }
}
