package dev.mosaic.adapters.out.providers;

import dev.mosaic.adapters.out.providers.anthropic.AnthropicConfig;
import dev.mosaic.adapters.out.providers.anthropic.AnthropicMessagesAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaChatAdapter;
import dev.mosaic.adapters.out.providers.ollama.OllamaConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatConfig;
import dev.mosaic.adapters.out.providers.openai.OpenAiChatProvider;
import dev.mosaic.adapters.out.providers.openai.OpenRouterModels;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatProviderFactory;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * Builds the adapter for each provider, for the gateway's own keys and for users' keys and logins
 * alike: which protocol a provider speaks, its usual endpoint, its extra headers, and what an OAuth
 * token changes about the calls. Each provider has an HTTP client of its own (its dispatcher and
 * connection pool), shared by all adapters for it, the gateway's keys and users' alike.
 */
public final class OkHttpChatProviderFactory implements ChatProviderFactory {

    /**
     * @param baseUrls each provider's usual endpoint
     * @param openRouterHeaders OpenRouter's attribution headers
     * @param anthropicOAuthPreamble the system block that must begin requests made with a Claude
     *     subscription's token; null for none
     * @param chatGptHeaders sent, besides the account id, with requests made with a ChatGPT login
     */
    public record Defaults(Map<String, URI> baseUrls, Duration connectTimeout, Duration firstByteTimeout,
            Duration idleTimeout, Map<String, String> openRouterHeaders, String anthropicOAuthPreamble,
            Map<String, String> chatGptHeaders) {
        public Defaults {
            baseUrls = Map.copyOf(baseUrls);
            openRouterHeaders = Map.copyOf(openRouterHeaders);
            chatGptHeaders = Map.copyOf(chatGptHeaders);
        }
    }

    private final Defaults defaults;
    private final OkHttpClient http;
    private final int maxCallsPerProvider;
    private final Map<String, OkHttpClient> clients = new ConcurrentHashMap<>();

    /** @param http the gateway's client, whose settings each provider's own client starts from */
    public OkHttpChatProviderFactory(Defaults defaults, OkHttpClient http) {
        this(defaults, http, ProviderHttpClients.MAX_CONCURRENT_CALLS);
    }

    OkHttpChatProviderFactory(Defaults defaults, OkHttpClient http, int maxCallsPerProvider) {
        this.defaults = Objects.requireNonNull(defaults);
        this.http = Objects.requireNonNull(http);
        this.maxCallsPerProvider = maxCallsPerProvider;
    }

    /** The provider's own client: created once, then shared by every adapter for that provider. */
    OkHttpClient clientFor(String provider) {
        return clients.computeIfAbsent(provider, id -> ProviderHttpClients.isolated(http, maxCallsPerProvider));
    }

    @Override
    public ChatProvider connect(String provider, ProviderAccess access) {
        return switch (provider) {
            case "anthropic" -> anthropic(provider, access);
            case "ollama" -> ollama(provider, baseUrl(provider, access));
            case "openai", "openrouter", "zai", "simulator" -> openAi(provider, access);
            default -> throw new IllegalArgumentException("no adapter for provider '" + provider + "'");
        };
    }

    public AnthropicMessagesAdapter anthropic(String id, ProviderAccess access) {
        boolean login = access instanceof ProviderAccess.OAuthToken;
        AnthropicConfig config = AnthropicConfig.of(id, baseUrl(id, access), login ? null : access.secret())
                .withTimeouts(defaults.connectTimeout(), defaults.firstByteTimeout(), defaults.idleTimeout());
        if (login) {
            config = config.withOAuthToken(access.secret(), defaults.anthropicOAuthPreamble());
        }
        return new AnthropicMessagesAdapter(config, clientFor(id));
    }

    /** Ollama's native API; a local server needs no key. */
    public OllamaChatAdapter ollama(String id, URI host) {
        return new OllamaChatAdapter(OllamaConfig.of(id, host).withTimeouts(defaults.connectTimeout(),
                OllamaConfig.DEFAULT_FIRST_BYTE_TIMEOUT, defaults.idleTimeout()), clientFor(id));
    }

    /**
     * The OpenAI protocols: Chat Completions, and Responses for the models that want it (see
     * {@link OpenAiChatProvider}). A ChatGPT login reaches its own backend, which speaks Responses only.
     */
    public OpenAiChatProvider openAi(String id, ProviderAccess access) {
        return new OpenAiChatProvider(openAiConfig(id, access), clientFor(id), access instanceof ProviderAccess.OAuthToken);
    }

    /** OpenRouter's model list, with its prices and limits, asked for as its chat adapter asks. */
    public OpenRouterModels openRouterModels(ProviderAccess access) {
        return new OpenRouterModels(openAiConfig("openrouter", access), clientFor("openrouter"));
    }

    private OpenAiChatConfig openAiConfig(String id, ProviderAccess access) {
        Map<String, String> headers = new HashMap<>(id.equals("openrouter") ? defaults.openRouterHeaders() : Map.of());
        if (access instanceof ProviderAccess.OAuthToken token) {
            headers.putAll(defaults.chatGptHeaders());
            if (token.accountId() != null) {
                headers.put("chatgpt-account-id", token.accountId());
            }
        }
        return new OpenAiChatConfig(id, baseUrl(id, access), access.secret(), defaults.connectTimeout(),
                defaults.firstByteTimeout(), defaults.idleTimeout(), headers);
    }

    /** @throws IllegalArgumentException when neither the access nor the defaults name an endpoint */
    URI baseUrl(String provider, ProviderAccess access) {
        URI own = switch (access) {
            case ProviderAccess.ApiKey key -> key.baseUrl();
            case ProviderAccess.OAuthToken token -> token.baseUrl();
        };
        URI url = own != null ? own : defaults.baseUrls().get(provider);
        if (url == null) {
            throw new IllegalArgumentException("there is no endpoint for provider '" + provider + "'");
        }
        return url;
    }
}
