package dev.mosaic.adapters.out.providers;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.port.out.provider.ProviderError;
import java.net.URI;
import java.util.Optional;

/**
 * Checks a user's key the cheapest way a provider offers: by asking for its model list with it,
 * through the adapter that would later use the key. Only an answer that refuses the key says the key
 * is wrong; a provider that cannot be asked (unreachable, timed out, failing) says nothing about it.
 */
public final class ModelListCredentialCheck implements CredentialCheck {

    private final OkHttpChatProviderFactory adapters;

    public ModelListCredentialCheck(OkHttpChatProviderFactory adapters) {
        this.adapters = adapters;
    }

    @Override
    public Optional<Problem> validate(String provider, Secret key, URI baseUrl) {
        ProviderAccess.ApiKey access = new ProviderAccess.ApiKey(key, baseUrl);
        URI endpoint;
        try {
            endpoint = adapters.baseUrl(provider, access);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Problem(ErrorCode.INVALID_INPUT, e.getMessage() + "; give a base URL"));
        }
        try {
            switch (provider) {
                case "anthropic" -> adapters.anthropic(provider, access).listModels();
                case "ollama" -> adapters.ollama(provider, endpoint).listModels();
                default -> adapters.openAi(provider, access).listModels();
            }
            return Optional.empty();
        } catch (ProviderCallException e) {
            ProviderError error = e.error();
            return Optional.of(error.kind() == ProviderError.Kind.AUTHENTICATION
                    ? new Problem(ErrorCode.PROVIDER_AUTHENTICATION, provider + " rejected the key: " + error.message())
                    : new Problem(ErrorCode.PROVIDER_UNAVAILABLE, "the key could not be checked: " + error.message()));
        }
    }
}
