package dev.mosaic.adapters.out.providers;

import dev.mosaic.adapters.out.providers.anthropic.AnthropicConfig;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatCompletionsAdapter;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.CredentialCheck;
import dev.mosaic.application.port.out.provider.ProviderError;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Checks a user's key the cheapest way a provider offers: by asking for its model list with it.
 * Anthropic through its own protocol, Ollama through its tags, the rest through the OpenAI
 * protocol they share.
 */
public final class ModelListCredentialCheck implements CredentialCheck {

    private final Map<String, URI> defaultBaseUrls;
    private final OkHttpClient client;

    /** @param defaultBaseUrls each provider's usual endpoint, used when the user names none */
    public ModelListCredentialCheck(Map<String, URI> defaultBaseUrls, OkHttpClient client) {
        this.defaultBaseUrls = Map.copyOf(defaultBaseUrls);
        this.client = client;
    }

    @Override
    public Optional<String> validate(String provider, Secret key, URI baseUrl) {
        URI url = baseUrl != null ? baseUrl : defaultBaseUrls.get(provider);
        if (url == null) {
            return Optional.of("there is no endpoint for provider '" + provider + "'; give a base URL");
        }
        try {
            switch (provider) {
                case "anthropic" -> new AnthropicMessagesAdapter(AnthropicConfig.of(provider, url, key), client).listModels();
                case "ollama" -> new OllamaChatAdapter(OllamaConfig.of(provider, url), client).listModels();
                default -> new OpenAiChatCompletionsAdapter(OpenAiChatConfig.of(provider, url, key), client).listModels();
            }
            return Optional.empty();
        } catch (ProviderCallException e) {
            ProviderError error = e.error();
            return Optional.of(error.kind() == ProviderError.Kind.AUTHENTICATION
                    ? provider + " rejected the key: " + error.message()
                    : "the key could not be checked: " + error.message());
        }
    }
}
