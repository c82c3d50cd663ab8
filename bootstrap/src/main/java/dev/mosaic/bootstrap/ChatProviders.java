package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.providers.openai.OpenAiChatCompletionsAdapter;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.service.ChatSettings;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the provider that answers, from the settings. Until routing exists there is one, and the
 * reason shown to the user says how it was chosen.
 */
public final class ChatProviders {

    static final URI DEFAULT_OLLAMA = URI.create("http://127.0.0.1:11434/v1");

    /**
     * @param simulator the built-in simulator when it answers, else null
     * @param resources what to close with the gateway
     */
    public record Choice(ChatProvider adapter, ChatSettings settings, ProviderSimulator simulator,
            List<AutoCloseable> resources) {}

    private ChatProviders() {}

    static Choice choose(GatewaySettings.Chat chat, GatewaySettings.Providers providers) {
        String wanted = chat.provider().strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "auto" -> {
                if (providers.openai().apiKey() != null) {
                    yield remote("openai", providers.openai(), chat, providers,
                            "OPENAI_API_KEY is set, so OpenAI answers; every message goes to the configured model until routing rules exist");
                }
                if (providers.ollama() != null) {
                    yield remote("ollama", providers.ollama(), chat, providers,
                            "OLLAMA_HOST is set, so the local Ollama answers; every message goes to the configured model");
                }
                yield simulator(chat, providers,
                        "no provider credentials are configured, so the built-in simulator answers (set OPENAI_API_KEY or OLLAMA_HOST for a real model)");
            }
            case "openai" -> {
                if (providers.openai().apiKey() == null) {
                    throw new IllegalArgumentException("chat.provider is openai but no OPENAI_API_KEY is set");
                }
                yield remote("openai", providers.openai(), chat, providers, "chat.provider is set to openai");
            }
            case "ollama" -> remote("ollama", providers.ollama() != null ? providers.ollama()
                    : new GatewaySettings.Endpoint(DEFAULT_OLLAMA, null, "llama3.2", 131_072), chat, providers,
                    "chat.provider is set to ollama");
            case "simulator" -> simulator(chat, providers, "chat.provider is set to simulator");
            default -> throw new IllegalArgumentException(
                    "chat.provider must be auto, openai, ollama or simulator, not '" + chat.provider() + "'");
        };
    }

    private static Choice remote(String id, GatewaySettings.Endpoint endpoint, GatewaySettings.Chat chat,
            GatewaySettings.Providers providers, String reason) {
        OpenAiChatCompletionsAdapter adapter = OpenAiChatCompletionsAdapter.create(config(id, endpoint.baseUrl(),
                endpoint.apiKey(), providers));
        return new Choice(adapter, new ChatSettings(id, endpoint.model(), endpoint.contextWindow(), chat.systemPrompt(),
                reason, false, chat.flushInterval(), chat.summarizerModel()), null, List.of());
    }

    /** The simulator speaks OpenAI's protocol, so it is reached through the very adapter OpenAI uses. */
    private static Choice simulator(GatewaySettings.Chat chat, GatewaySettings.Providers providers, String reason) {
        ProviderSimulator embedded = null;
        URI baseUrl = providers.simulatorUrl();
        if (baseUrl == null) {
            embedded = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(providers.simulatorTokenDelay()));
            baseUrl = embedded.baseUrl();
        }
        OpenAiChatCompletionsAdapter adapter = OpenAiChatCompletionsAdapter.create(
                config("simulator", baseUrl, Secret.ofNullable("simulator"), providers));
        ChatSettings settings = new ChatSettings("simulator", ProviderSimulator.MODEL, providers.simulatorContextWindow(),
                chat.systemPrompt(), reason, true, chat.flushInterval(), chat.summarizerModel());
        return new Choice(adapter, settings, embedded, embedded == null ? List.of() : List.of(embedded));
    }

    private static OpenAiChatConfig config(String id, URI baseUrl, Secret key, GatewaySettings.Providers providers) {
        return new OpenAiChatConfig(id, baseUrl, key, providers.connectTimeout(), providers.firstByteTimeout(),
                providers.idleTimeout(), Map.of());
    }
}
