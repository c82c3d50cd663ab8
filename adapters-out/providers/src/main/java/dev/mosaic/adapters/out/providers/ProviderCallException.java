package dev.mosaic.adapters.out.providers;

import dev.mosaic.application.port.out.provider.ProviderError;
import java.util.Objects;

/** A provider call outside a reply stream (such as listing models) failed; the message is meant for people. */
public final class ProviderCallException extends RuntimeException {
    private final transient ProviderError error;

    public ProviderCallException(ProviderError error) {
        super(Objects.requireNonNull(error, "error").message());
        this.error = error;
    }

    public ProviderError error() {
        return error;
    }
}
