package dev.mosaic.application.port.in;

import dev.mosaic.application.Rejection;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.domain.user.UserId;

/**
 * What the model name of an API request means for the acting user: a model of the catalog pins
 * it for that message, as {@code /model} does; {@code auto}, {@code mosaic/auto} or a name the
 * catalog does not know lets routing decide.
 */
public interface RequestedModelQuery {

    /** The model name that lets routing decide. */
    String AUTO = "mosaic/auto";

    sealed interface Requested {
        /** Routing decides; {@code note} says why when the name was not {@code auto}, else null. */
        record Routed(String note) implements Requested {}

        record Pinned(RouteTarget target) implements Requested {}

        /** A model of the catalog that cannot answer this user now. */
        record Refused(Rejection rejection) implements Requested {}
    }

    Requested requested(UserId actor, String name);
}
