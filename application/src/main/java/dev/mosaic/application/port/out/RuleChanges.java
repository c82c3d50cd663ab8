package dev.mosaic.application.port.out;

import dev.mosaic.domain.routing.RuleOwner;
import java.util.function.Consumer;

/** Tells every gateway instance that an owner's rules changed, so each drops what it cached of them. */
public interface RuleChanges {

    void publish(RuleOwner owner);

    /** Calls {@code listener} for every change published by any instance, this one included, until closed. */
    AutoCloseable subscribe(Consumer<RuleOwner> listener);
}
