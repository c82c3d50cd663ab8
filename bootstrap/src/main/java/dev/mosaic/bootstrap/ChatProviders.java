package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.providers.OkHttpChatProviderFactory;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatProvider;
import dev.mosaic.adapters.out.providers.openai.OpenRouterModels;
import dev.mosaic.application.Secret;
import dev.mosaic.application.catalog.LiveModel;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.application.service.ProviderHealthService;
import dev.mosaic.domain.routing.RouteTarget;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Builds an adapter for every provider the gateway has credentials for (or, for Ollama, a host),
 * the built-in simulator when it is to stand in, and a health probe for each. Which of them answers
 * a message is routing's choice ({@link dev.mosaic.application.service.RoutingService}).
 */
public final class ChatProviders {

    /** The providers the gateway can be configured with, in the order the health view lists them. */
    static final List<String> PROVIDERS = List.of("anthropic", "openai", "openrouter", "zai", "ollama");
    static final URI DEFAULT_OLLAMA = URI.create("http://127.0.0.1:11434");
    private static final GatewaySettings.Endpoint LOCAL_OLLAMA = new GatewaySettings.Endpoint(DEFAULT_OLLAMA, null,
            "llama3.2", 131_072);

    /**
     * @param available every provider the gateway has credentials for
     * @param simulator the built-in simulator when it may stand in (no provider configured, or
     *     {@code chat.provider: simulator}), else null
     * @param simulatorOnly true when the simulator answers every message
     * @param pin the model every unpinned conversation is pinned to ({@code chat.provider} names a provider), or null
     * @param summary what answers, for the start-up log
     * @param resources what to close with the gateway
     */
    public record Choice(List<ChatProvider> available, List<ProviderHealthService.Probe> probes, ChatProvider simulator,
            boolean simulatorOnly, RouteTarget pin, String summary, List<AutoCloseable> resources) {}

    private record Built(ChatProvider adapter, GatewaySettings.Endpoint endpoint, ProviderHealthService.Probe probe) {}

    private ChatProviders() {}

    /**
     * The adapter factory for the gateway's settings; each provider's adapters share an HTTP client
     * of their own, derived from {@code http}.
     */
    static OkHttpChatProviderFactory adapters(GatewaySettings.Providers p, GatewaySettings.OAuth oauth, OkHttpClient http) {
        Map<String, URI> baseUrls = new HashMap<>();
        for (String id : PROVIDERS) {
            GatewaySettings.Endpoint endpoint = endpointOf(id, p);
            baseUrls.put(id, endpoint == null ? DEFAULT_OLLAMA : endpoint.baseUrl());
        }
        return new OkHttpChatProviderFactory(new OkHttpChatProviderFactory.Defaults(baseUrls, p.connectTimeout(), p.firstByteTimeout(),
                p.idleTimeout(), Map.of("HTTP-Referer", "https://mosaic.dev", "X-Title", "Mosaic"), oauth.anthropicPreamble(),
                oauth.chatGptHeaders()), http);
    }

    /**
     * @param catalog where each probe puts the provider's live model list, so the catalog stays current
     */
    static Choice choose(GatewaySettings.Chat chat, GatewaySettings.Providers providers, OkHttpChatProviderFactory adapters,
            ModelCatalogService catalog) {
        Map<String, Built> configured = new LinkedHashMap<>();
        for (String id : PROVIDERS) {
            build(id, endpointOf(id, providers), adapters, catalog).ifPresent(b -> configured.put(id, b));
        }
        String wanted = chat.provider().strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "auto" -> configured.isEmpty()
                    ? simulator(providers, configured, adapters, catalog, false,
                            "no provider credentials are configured: the built-in simulator answers for the model routing "
                                    + "chooses (set ANTHROPIC_API_KEY, OPENAI_API_KEY, OPENROUTER_API_KEY, ZAI_API_KEY or "
                                    + "OLLAMA_HOST, or users add their own keys and logins)")
                    : choice(configured, null, null, false, List.of(),
                            "routing rules choose among " + String.join(", ", configured.keySet()));
            case "simulator" -> simulator(providers, configured, adapters, catalog, true,
                    "chat.provider is simulator: it answers every message for the model routing chooses");
            default -> {
                if (!PROVIDERS.contains(wanted)) {
                    throw new IllegalArgumentException("chat.provider must be auto, " + String.join(", ", PROVIDERS)
                            + " or simulator, not '" + chat.provider() + "'");
                }
                if (wanted.equals("ollama") && !configured.containsKey("ollama")) {
                    configured.put("ollama", build("ollama", LOCAL_OLLAMA, adapters, catalog).orElseThrow());
                }
                if (!configured.containsKey(wanted)) {
                    throw new IllegalArgumentException("chat.provider is " + wanted + " but no "
                            + wanted.toUpperCase(Locale.ROOT) + "_API_KEY is set");
                }
                RouteTarget pin = new RouteTarget(wanted, configured.get(wanted).endpoint().model());
                yield choice(configured, null, pin, false, List.of(),
                        "chat.provider pins every conversation to " + pin + " (/model pins another)");
            }
        };
    }

    private static Choice choice(Map<String, Built> configured, ChatProvider simulator, RouteTarget pin,
            boolean simulatorOnly, List<AutoCloseable> resources, String summary) {
        return new Choice(configured.values().stream().map(Built::adapter).toList(),
                configured.values().stream().map(Built::probe).toList(), simulator, simulatorOnly, pin, summary, resources);
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
    private static Optional<Built> build(String id, GatewaySettings.Endpoint endpoint, OkHttpChatProviderFactory adapters,
            ModelCatalogService catalog) {
        if (endpoint == null || (endpoint.apiKey() == null && !id.equals("ollama"))) {
            return Optional.empty();
        }
        return Optional.of(switch (id) {
            case "anthropic" -> {
                AnthropicMessagesAdapter adapter = adapters.anthropic(id, new ProviderAccess.ApiKey(endpoint.apiKey(), null));
                yield new Built(adapter, endpoint, new ProviderHealthService.Probe(id, () -> catalog.merge(id,
                        adapter.listModels().stream().map(m -> new LiveModel(m.id(), m.displayName(),
                                m.maxInputTokens().isPresent() ? m.maxInputTokens().getAsInt() : null, null, null, null))
                                .toList())));
            }
            case "ollama" -> {
                OllamaChatAdapter adapter = adapters.ollama(id, endpoint.baseUrl());
                yield new Built(adapter, endpoint, new ProviderHealthService.Probe(id,
                        () -> catalog.merge(id, adapter.listModels().stream().map(LiveModel::id).toList())));
            }
            // OpenAI, OpenRouter and Z.ai speak the OpenAI protocols.
            default -> openAiCompatible(id, endpoint, adapters, catalog);
        });
    }

    private static Built openAiCompatible(String id, GatewaySettings.Endpoint endpoint, OkHttpChatProviderFactory adapters,
            ModelCatalogService catalog) {
        ProviderAccess.ApiKey access = new ProviderAccess.ApiKey(endpoint.apiKey(), endpoint.baseUrl());
        OpenAiChatProvider adapter = adapters.openAi(id, access);
        // OpenRouter's list carries prices and limits; the others name their models only.
        Runnable refresh;
        if (id.equals("openrouter")) {
            OpenRouterModels models = adapters.openRouterModels(access);
            refresh = () -> catalog.merge(id, models.list());
        } else {
            refresh = () -> catalog.merge(id, adapter.listModels().stream().map(LiveModel::id).toList());
        }
        return new Built(adapter, endpoint, new ProviderHealthService.Probe(id, refresh));
    }

    /** The simulator speaks OpenAI's protocol, so it is reached through the very adapter OpenAI uses. */
    private static Choice simulator(GatewaySettings.Providers providers, Map<String, Built> configured,
            OkHttpChatProviderFactory adapters, ModelCatalogService catalog, boolean only, String summary) {
        ProviderSimulator embedded = null;
        URI baseUrl = providers.simulatorUrl();
        if (baseUrl == null) {
            embedded = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(providers.simulatorTokenDelay()));
            baseUrl = embedded.baseUrl();
        }
        GatewaySettings.Endpoint endpoint = new GatewaySettings.Endpoint(baseUrl, Secret.ofNullable("simulator"),
                ProviderSimulator.MODEL, providers.simulatorContextWindow());
        Built simulator = openAiCompatible("simulator", endpoint, adapters, catalog);
        List<ProviderHealthService.Probe> probes = new ArrayList<>(configured.values().stream().map(Built::probe).toList());
        probes.add(simulator.probe());
        return new Choice(configured.values().stream().map(Built::adapter).toList(), probes, simulator.adapter(), only,
                null, summary, embedded == null ? List.of() : List.of(embedded));
    }
}
