package dev.mosaic.application.port.out.provider;

/** Makes an adapter that calls a provider with given access, e.g. with a user's own key or login. */
public interface ChatProviderFactory {

    /**
     * @param provider a provider id, e.g. {@code anthropic}
     * @throws IllegalArgumentException for a provider this gateway cannot call
     */
    ChatProvider connect(String provider, ProviderAccess access);
}
