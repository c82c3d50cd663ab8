package dev.mosaic.bootstrap;

import dev.mosaic.adapters.out.providers.OkHttpChatProviderFactory;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatProvider;
import dev.mosaic.adapters.out.providers.openai.OpenRouterModels;
import dev.mosaic.application.Secret;
import dev.mosaic.application.catalog.LiveModel;
import dev.mosaic.application.credential.CredentialKind;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.service.ChatSettings;
import dev.mosaic.application.service.ModelCatalogService;
import dev.mosaic.application.service.ProviderHealthService;
import dev.mosaic.application.service.ProviderSelection;
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
 * picks the one that answers, and gives the health view a probe for each. Until routing exists one
 * provider answers every message (or a user's own key or login, see {@link ProviderSelection}), and
 * the reason shown to the user says how it was chosen.
 */
public final class ChatProviders {

    /** Order in which {@code auto} looks for a configured provider, and for a user's own credential. */
    static final List<String> AUTO_ORDER = List.of("anthropic", "openai", "openrouter", "zai", "ollama");
    static final URI DEFAULT_OLLAMA = URI.create("http://127.0.0.1:11434");
    private static final GatewaySettings.Endpoint LOCAL_OLLAMA = new GatewaySettings.Endpoint(DEFAULT_OLLAMA, null,
            "llama3.2", 131_072);

    /**
     * @param adapter the provider that answers
     * @param available every configured provider's adapter, the answering one included
     * @param usersChoose true when the provider is picked automatically, so users' own credentials come first
     * @param adapters builds adapters for users' own keys and logins
     * @param simulator the built-in simulator when it answers, else null
     * @param resources what to close with the gateway
     */
    public record Choice(ChatProvider adapter, ChatSettings settings, List<ChatProvider> available,
            List<ProviderHealthService.Probe> probes, boolean usersChoose, OkHttpChatProviderFactory adapters,
            ProviderSimulator simulator, List<AutoCloseable> resources) {}

    private record Built(ChatProvider adapter, GatewaySettings.Endpoint endpoint, ProviderHealthService.Probe probe) {}

    private ChatProviders() {}

    /** The adapter factory for the gateway's settings; its HTTP client is shared by every adapter. */
    static OkHttpChatProviderFactory adapters(GatewaySettings.Providers p, GatewaySettings.OAuth oauth, OkHttpClient http) {
        Map<String, URI> baseUrls = new HashMap<>();
        for (String id : AUTO_ORDER) {
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
        for (String id : AUTO_ORDER) {
            build(id, endpointOf(id, providers), adapters, catalog).ifPresent(b -> configured.put(id, b));
        }
        String wanted = chat.provider().strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "auto" -> configured.isEmpty()
                    ? simulator(chat, providers, configured, adapters, catalog, true,
                            "no provider credentials are configured, so the built-in simulator answers (set ANTHROPIC_API_KEY, "
                                    + "OPENAI_API_KEY, OPENROUTER_API_KEY, ZAI_API_KEY or OLLAMA_HOST for a real model, or use "
                                    + "your own: /login anthropic, /login openai, or a key through PUT /api/providers)")
                    : answering(configured.keySet().iterator().next(), chat, configured, adapters, true,
                            "the first configured provider (" + String.join(", ", configured.keySet())
                                    + "); every message goes to its default model until routing rules exist");
            case "simulator" -> simulator(chat, providers, configured, adapters, catalog, false,
                    "chat.provider is set to simulator");
            case "ollama" -> {
                if (!configured.containsKey("ollama")) {
                    configured.put("ollama", build("ollama", LOCAL_OLLAMA, adapters, catalog).orElseThrow());
                }
                yield answering("ollama", chat, configured, adapters, false, "chat.provider is set to ollama");
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
                yield answering(wanted, chat, configured, adapters, false, "chat.provider is set to " + wanted);
            }
        };
    }

    /**
     * What answers a user through their own credential of a kind: the provider's configured model,
     * except that a ChatGPT login reaches a backend serving its own models.
     */
    static ProviderSelection.OwnCredentialSettings ownCredentialSettings(GatewaySettings settings,
            ModelCatalogService catalog) {
        return (provider, kind) -> {
            GatewaySettings.Endpoint endpoint = provider.equals("ollama") && settings.providers().ollama() == null
                    ? LOCAL_OLLAMA : endpointOf(provider, settings.providers());
            String model = endpoint.model();
            int window = endpoint.contextWindow();
            if (provider.equals("openai") && kind == CredentialKind.OAUTH) {
                model = settings.oauth().openAiModel();
                window = catalog.find(provider, model).map(m -> m.contextWindow()).orElse(window);
            }
            GatewaySettings.Chat chat = settings.chat();
            return Optional.of(new ChatSettings(provider, model, window, chat.systemPrompt(), "your own credential", false,
                    chat.flushInterval(), chat.summarizerModel()));
        };
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

    private static Choice answering(String id, GatewaySettings.Chat chat, Map<String, Built> configured,
            OkHttpChatProviderFactory adapters, boolean usersChoose, String reason) {
        Built chosen = configured.get(id);
        return new Choice(chosen.adapter(), new ChatSettings(id, chosen.endpoint().model(), chosen.endpoint().contextWindow(),
                chat.systemPrompt(), reason, false, chat.flushInterval(), chat.summarizerModel()),
                configured.values().stream().map(Built::adapter).toList(),
                configured.values().stream().map(Built::probe).toList(), usersChoose, adapters, null, List.of());
    }

    /** The simulator speaks OpenAI's protocol, so it is reached through the very adapter OpenAI uses. */
    private static Choice simulator(GatewaySettings.Chat chat, GatewaySettings.Providers providers,
            Map<String, Built> configured, OkHttpChatProviderFactory adapters, ModelCatalogService catalog, boolean usersChoose,
            String reason) {
        ProviderSimulator embedded = null;
        URI baseUrl = providers.simulatorUrl();
        if (baseUrl == null) {
            embedded = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(providers.simulatorTokenDelay()));
            baseUrl = embedded.baseUrl();
        }
        GatewaySettings.Endpoint endpoint = new GatewaySettings.Endpoint(baseUrl, Secret.ofNullable("simulator"),
                ProviderSimulator.MODEL, providers.simulatorContextWindow());
        Built simulator = openAiCompatible("simulator", endpoint, adapters, catalog);
        List<ChatProvider> available = new ArrayList<>(configured.values().stream().map(Built::adapter).toList());
        available.add(simulator.adapter());
        List<ProviderHealthService.Probe> probes = new ArrayList<>(configured.values().stream().map(Built::probe).toList());
        probes.add(simulator.probe());
        ChatSettings settings = new ChatSettings("simulator", ProviderSimulator.MODEL, providers.simulatorContextWindow(),
                chat.systemPrompt(), reason, true, chat.flushInterval(), chat.summarizerModel());
        return new Choice(simulator.adapter(), settings, available, probes, usersChoose, adapters, embedded,
                embedded == null ? List.of() : List.of(embedded));
    }
}
