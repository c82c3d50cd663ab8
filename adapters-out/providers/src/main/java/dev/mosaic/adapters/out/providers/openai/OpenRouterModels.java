package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.providers.ProviderCallException;
import dev.mosaic.adapters.out.providers.ProviderHttpClients;
import dev.mosaic.application.catalog.Capability;
import dev.mosaic.application.catalog.LiveModel;
import dev.mosaic.application.catalog.Prices;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * OpenRouter's model list ({@code GET /models} under {@code https://openrouter.ai/api/v1}), which
 * unlike OpenAI's states each model's prices, context length, output limit and features, as the
 * model catalog wants them.
 */
public final class OpenRouterModels {
    private final OpenAiApi api;
    private final HttpUrl modelsUrl;

    /**
     * @param config the same configuration the OpenRouter chat adapter uses (the list needs no key,
     *     but sending it does no harm and keeps the attribution headers)
     * @param sharedClient the gateway's client, e.g. from {@link ProviderHttpClients#create()}
     */
    public OpenRouterModels(OpenAiChatConfig config, OkHttpClient sharedClient) {
        this.api = new OpenAiApi(config, sharedClient);
        this.modelsUrl = api.url("models");
    }

    /**
     * Every model OpenRouter offers, with what the list says of it.
     *
     * @throws ProviderCallException when OpenRouter cannot be reached or refuses
     */
    public List<LiveModel> list() {
        List<LiveModel> models = new ArrayList<>();
        for (JsonNode model : api.get(modelsUrl, "its model list").path("data")) {
            String id = model.path("id").asText("");
            if (!id.isEmpty()) {
                models.add(live(id, model));
            }
        }
        return models;
    }

    private static LiveModel live(String id, JsonNode model) {
        JsonNode pricing = model.path("pricing");
        return new LiveModel(id, model.path("name").asText(null), tokens(model.path("context_length")),
                tokens(model.path("top_provider").path("max_completion_tokens")),
                new Prices(perMillion(pricing.path("prompt")), perMillion(pricing.path("completion")),
                        perMillion(pricing.path("input_cache_read"))),
                capabilities(model));
    }

    /** OpenRouter streams every model it serves; the rest is in the modalities and the parameters it accepts. */
    private static Set<Capability> capabilities(JsonNode model) {
        Set<Capability> capabilities = EnumSet.of(Capability.STREAMING);
        if (contains(model.path("architecture").path("input_modalities"), "image")) {
            capabilities.add(Capability.VISION);
        }
        JsonNode parameters = model.path("supported_parameters");
        if (contains(parameters, "tools")) {
            capabilities.add(Capability.TOOLS);
        }
        if (contains(parameters, "reasoning")) {
            capabilities.add(Capability.REASONING);
        }
        return capabilities;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Integer tokens(JsonNode value) {
        return value.canConvertToInt() && value.asInt() > 0 ? value.asInt() : null;
    }

    /**
     * OpenRouter writes USD per token as a decimal string, exact as {@link BigDecimal}. Router models
     * whose price depends on where a request lands ({@code openrouter/auto}) say {@code "-1"}: no
     * fixed price, so unknown, as is anything that is not a number.
     */
    private static BigDecimal perMillion(JsonNode perToken) {
        if (!perToken.isTextual() && !perToken.isNumber()) {
            return null;
        }
        try {
            BigDecimal price = new BigDecimal(perToken.asText().strip());
            return price.signum() < 0 ? null : price.movePointRight(6);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
