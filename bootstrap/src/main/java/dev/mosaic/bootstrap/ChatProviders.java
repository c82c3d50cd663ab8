package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.providers.anthropic.AnthropicConfig;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatCompletionsAdapter;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig;
import dev.mosaic.adapters.out.providers.openai.OpenRouterModels;
import dev.mosaic.application.catalog.LiveModel;
import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.service.ChatSettings;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.application.service.ProviderHealthService;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an adapter for every provider that has credentials (or, for Ollama, a host), picks the one
 * that answers, and gives the health view a probe for each. Until routing exists one provider
 * answers every message, and the reason shown to the user says how it was chosen.
 */
public final class ChatProviders {

    /** Order in which {@code auto} looks for a configured provider. */
    static final List<String> AUTO_ORDER = List.of("anthropic", "openai", "openrouter", "zai", "ollama");
    static final URI DEFAULT_OLLAMA = URI.create("http://127.0.0.1:11434");

    /**
     * @param adapter the provider that answers
     * @param available every configured provider's adapter, the answering one included
     * @param simulator the built-in simulator when it answers, else null
     * @param resources what to close with the gateway
     */
    public record Choice(ChatProvider adapter, ChatSettings settings, List<ChatProvider> available,
            List<ProviderHealthService.Probe> probes, ProviderSimulator simulator, List<AutoCloseable> resources) {}

    private record Built(ChatProvider adapter, GatewaySettings.Endpoint endpoint, ProviderHealthService.Probe probe) {}

    private ChatProviders() {}

    /**
     * @param catalog where each probe puts the provider's live model list, so the catalog stays current
     */
    static Choice choose(GatewaySettings.Chat chat, GatewaySettings.Providers providers, ModelCatalogService catalog) {
        Map<String, Built> configured = new java.util.LinkedHashMap<>();
        for (String id : AUTO_ORDER) {
            build(id, endpointOf(id, providers), providers, catalog).ifPresent(b -> configured.put(id, b));
        }
        String wanted = chat.provider().strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "auto" -> configured.isEmpty()
                    ? simulator(chat, providers, configured, catalog,
                            "no provider credentials are configured, so the built-in simulator answers (set ANTHROPIC_API_KEY, "
                                    + "OPENAI_API_KEY, OPENROUTER_API_KEY, ZAI_API_KEY or OLLAMA_HOST for a real model)")
                    : answering(configured.keySet().iterator().next(), chat, configured,
                            "the first configured provider (" + String.join(", ", configured.keySet())
                                    + "); every message goes to its default model until routing rules exist");
            case "simulator" -> simulator(chat, providers, configured, catalog, "chat.provider is set to simulator");
            case "ollama" -> {
                if (!configured.containsKey("ollama")) {
                    GatewaySettings.Endpoint local = new GatewaySettings.Endpoint(DEFAULT_OLLAMA, null, "llama3.2", 131_072);
                    configured.put("ollama", build("ollama", local, providers, catalog).orElseThrow());
                }
                yield answering("ollama", chat, configured, "chat.provider is set to ollama");
            }
            default -> {
                if (!AUTO_ORDER.contains(wanted)) {
                    throw new IllegalArgumentException("chat.provider must be auto, " + String.join(", ", AUTO_ORDER)
                            + " or simulator, not '" + chat.provider() + "'");
                }
                if (!configured.containsKey(wanted)) {
                    throw new IllegalArgumentException("chat.provider is " + wanted + " but no "
                            + wanted.toUpperCase(Locale.ROOT) + "_API_KEY is set");
                }
                yield answering(wanted, chat, configured, "chat.provider is set to " + wanted);
            }
        };
    }

    /** Each provider's configured endpoint, for checking a user's own key against it. */
    static Map<String, URI> defaultBaseUrls(GatewaySettings.Providers providers) {
        Map<String, URI> urls = new java.util.HashMap<>();
        for (String id : AUTO_ORDER) {
            GatewaySettings.Endpoint endpoint = endpointOf(id, providers);
            urls.put(id, endpoint == null ? DEFAULT_OLLAMA : endpoint.baseUrl());
        }
        return urls;
    }

    private static GatewaySettings.Endpoint endpointOf(String id, GatewaySettings.Providers p) {
        return switch (id) {
            case "anthropic" -> p.anthropic();
            case "openai" -> p.openai();
            case "openrouter" -> p.openrouter();
            case "zai" -> p.zai();
            case "ollama" -> p.ollama();
            default -> throw new IllegalArgumentException(id);
        };
    }

    /** An adapter for a provider that can be used: with a key, or for Ollama with a host. */
    private static Optional<Built> build(String id, GatewaySettings.Endpoint endpoint, GatewaySettings.Providers p,
            ModelCatalogService catalog) {
        if (endpoint == null || (endpoint.apiKey() == null && !id.equals("ollama"))) {
            return Optional.empty();
        }
        return Optional.of(switch (id) {
            case "anthropic" -> {
                AnthropicMessagesAdapter adapter = AnthropicMessagesAdapter.create(
                        AnthropicConfig.of(id, endpoint.baseUrl(), endpoint.apiKey())
                                .withTimeouts(p.connectTimeout(), p.firstByteTimeout(), p.idleTimeout()));
                yield new Built(adapter, endpoint, new ProviderHealthService.Probe(id, () -> catalog.merge(id,
                        adapter.listModels().stream().map(m -> new LiveModel(m.id(), m.displayName(),
                                m.maxInputTokens().isPresent() ? m.maxInputTokens().getAsInt() : null, null, null, null))
                                .toList())));
            }
            case "ollama" -> {
                OllamaChatAdapter adapter = OllamaChatAdapter.create(OllamaConfig.of(id, endpoint.baseUrl())
                        .withTimeouts(p.connectTimeout(), OllamaConfig.DEFAULT_FIRST_BYTE_TIMEOUT, p.idleTimeout()));
                yield new Built(adapter, endpoint, new ProviderHealthService.Probe(id,
                        () -> catalog.merge(id, adapter.listModels().stream().map(LiveModel::id).toList())));
            }
            // OpenAI, OpenRouter and Z.ai speak the same Chat Completions protocol.
            default -> openAiCompatible(id, endpoint.baseUrl(), endpoint.apiKey(), endpoint, p,
                    id.equals("openrouter") ? Map.of("HTTP-Referer", "https://mosaic.dev", "X-Title", "Mosaic") : Map.of(),
                    catalog);
        });
    }

    private static Built openAiCompatible(String id, URI baseUrl, Secret key, GatewaySettings.Endpoint endpoint,
            GatewaySettings.Providers p, Map<String, String> headers, ModelCatalogService catalog) {
        OpenAiChatConfig config = new OpenAiChatConfig(id, baseUrl, key, p.connectTimeout(), p.firstByteTimeout(),
                p.idleTimeout(), headers);
        OpenAiChatCompletionsAdapter adapter = OpenAiChatCompletionsAdapter.create(config);
        // OpenRouter's list carries prices and limits; the others name their models only.
        Runnable refresh = id.equals("openrouter")
                ? () -> catalog.merge(id, new OpenRouterModels(config, ProviderHttpClients.create()).list())
                : () -> catalog.merge(id, adapter.listModels().stream().map(LiveModel::id).toList());
        return new Built(adapter, endpoint, new ProviderHealthService.Probe(id, refresh));
    }

    private static Choice answering(String id, GatewaySettings.Chat chat, Map<String, Built> configured, String reason) {
        Built chosen = configured.get(id);
        return new Choice(chosen.adapter(), new ChatSettings(id, chosen.endpoint().model(), chosen.endpoint().contextWindow(),
                chat.systemPrompt(), reason, false, chat.flushInterval(), chat.summarizerModel()),
                configured.values().stream().map(Built::adapter).toList(),
                configured.values().stream().map(Built::probe).toList(), null, List.of());
    }

    /** The simulator speaks OpenAI's protocol, so it is reached through the very adapter OpenAI uses. */
    private static Choice simulator(GatewaySettings.Chat chat, GatewaySettings.Providers providers,
            Map<String, Built> configured, ModelCatalogService catalog, String reason) {
        ProviderSimulator embedded = null;
        URI baseUrl = providers.simulatorUrl();
        if (baseUrl == null) {
            embedded = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(providers.simulatorTokenDelay()));
            baseUrl = embedded.baseUrl();
        }
        GatewaySettings.Endpoint endpoint = new GatewaySettings.Endpoint(baseUrl, Secret.ofNullable("simulator"),
                ProviderSimulator.MODEL, providers.simulatorContextWindow());
        Built simulator = openAiCompatible("simulator", baseUrl, endpoint.apiKey(), endpoint, providers, Map.of(), catalog);
        List<ChatProvider> available = new ArrayList<>(configured.values().stream().map(Built::adapter).toList());
        available.add(simulator.adapter());
        List<ProviderHealthService.Probe> probes = new ArrayList<>(configured.values().stream().map(Built::probe).toList());
        probes.add(simulator.probe());
        ChatSettings settings = new ChatSettings("simulator", ProviderSimulator.MODEL, providers.simulatorContextWindow(),
                chat.systemPrompt(), reason, true, chat.flushInterval(), chat.summarizerModel());
        return new Choice(simulator.adapter(), settings, available, probes, embedded,
                embedded == null ? List.of() : List.of(embedded));
    }
}
