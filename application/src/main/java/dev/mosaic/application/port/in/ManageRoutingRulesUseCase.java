package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Map;

/**
 * The routing rules: the system's, which everyone may read and only admins change, and each user's
 * own, which only that user sees and which route that user's messages before the system's.
 * Rules arrive as the tree {@link dev.mosaic.domain.routing.RuleDraft} reads.
 */
public interface ManageRoutingRulesUseCase {

    enum Scope {
        /** The gateway's rules. */
        SYSTEM,
        /** The acting user's own rules. */
        MINE
    }

    sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> {}

        /** {@code invalid_input} (naming the field), {@code forbidden} or {@code not_found}. */
        record Rejected<T>(Rejection rejection) implements Outcome<T> {}
    }

    List<RoutingRule> list(UserId actor, Scope scope);

    Outcome<RoutingRule> create(UserId actor, Scope scope, Map<String, ?> rule);

    Outcome<RoutingRule> update(UserId actor, Scope scope, RuleId id, Map<String, ?> rule);

    Outcome<Void> delete(UserId actor, Scope scope, RuleId id);

    /** Gives some of the scope's rules new priorities at once; the result is the scope's rules in their new order. */
    Outcome<List<RoutingRule>> reorder(UserId actor, Scope scope, Map<RuleId, Integer> priorities);
}
