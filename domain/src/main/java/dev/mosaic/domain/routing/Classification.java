package dev.mosaic.domain.routing;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the classifier made of a message.
 *
 * @param confidence how sure the classifier is of the task type, from 0 to 1
 * @param features the cues that fired, for people reading a decision (e.g. {@code code-fence}, {@code verb:summarize})
 */
public record Classification(TaskType taskType, Complexity complexity, TaskDomain domain, CostTier costTier,
        Set<RequiredCapability> requiredCapabilities, double confidence, List<String> features) {

    public Classification {
        Objects.requireNonNull(taskType, "taskType");
        Objects.requireNonNull(complexity, "complexity");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(costTier, "costTier");
        requiredCapabilities = requiredCapabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requiredCapabilities));
        features = List.copyOf(features);
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, not " + confidence);
        }
    }

    /** The same classification, needing one more capability (e.g. a long conversation needs a long context). */
    public Classification requiring(RequiredCapability capability, String because) {
        if (requiredCapabilities.contains(capability)) {
            return this;
        }
        EnumSet<RequiredCapability> needs = EnumSet.of(capability);
        needs.addAll(requiredCapabilities);
        List<String> why = new java.util.ArrayList<>(features);
        why.add(because);
        return new Classification(taskType, complexity, domain, costTier, needs, confidence, why);
    }

    public boolean requires(RequiredCapability capability) {
        return requiredCapabilities.contains(capability);
    }
}
