package dev.mosaic.adapters.out.providers;

import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.port.out.provider.ProviderError;
import java.net.URI;
import java.util.Optional;

/**
 * Checks a user's key the cheapest way a provider offers: by asking for its model list with it,
 * through the adapter that would later use the key.
 */
public final class ModelListCredentialCheck implements CredentialCheck {

    private final OkHttpChatProviderFactory adapters;

    public ModelListCredentialCheck(OkHttpChatProviderFactory adapters) {
        this.adapters = adapters;
    }

    @Override
    public Optional<String> validate(String provider, Secret key, URI baseUrl) {
        ProviderAccess.ApiKey access = new ProviderAccess.ApiKey(key, baseUrl);
        try {
            switch (provider) {
                case "anthropic" -> adapters.anthropic(provider, access).listModels();
                case "ollama" -> adapters.ollama(provider, adapters.baseUrl(provider, access)).listModels();
                default -> adapters.openAi(provider, access).listModels();
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage() + "; give a base URL");
        } catch (ProviderCallException e) {
            ProviderError error = e.error();
            return Optional.of(error.kind() == ProviderError.Kind.AUTHENTICATION
                    ? provider + " rejected the key: " + error.message()
                    : "the key could not be checked: " + error.message());
        }
    }
}
