package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.domain.user.UserId;

/** How a message would be routed for the acting user now, without calling any model. */
public interface ExplainRoutingQuery {

    sealed interface Outcome {
        record Explained(RoutingDecision decision) implements Outcome {}

        record Rejected(Rejection rejection) implements Outcome {}
    }

    Outcome explain(UserId actor, String text);
}
