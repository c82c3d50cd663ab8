package dev.mosaic.adapters.out.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.adapters.out.providers.HttpFailure;
import dev.mosaic.adapters.out.providers.ProviderErrors;
import dev.mosaic.adapters.out.providers.ProviderTransport;
import dev.mosaic.adapters.out.providers.StreamDecoder;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** What the two OpenAI protocols share for one endpoint: its URLs, authentication, errors and transport. */
final class OpenAiApi {
    final OpenAiChatConfig config;
    final ProviderErrors errors;
    private final ProviderTransport transport;

    OpenAiApi(OpenAiChatConfig config, OkHttpClient sharedClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.errors = new ProviderErrors(config.endpoint(), config.apiKey());
        this.transport = new ProviderTransport(sharedClient, config.endpoint(), errors);
    }

    HttpUrl url(String path) {
        return ProviderTransport.url(config.baseUrl(), path);
    }

    /** Streams the reply to a POST of {@code body} (built inside, so that a mapping failure fails the reply). */
    ProviderReply stream(HttpUrl url, Supplier<JsonNode> body, StreamDecoder decoder, Cancellation cancellation) {
        return transport.streamEvents(() -> authorized(url).post(ProviderTransport.jsonBody(body.get())).build(), decoder,
                this::fromHttp, cancellation);
    }

    /** @throws dev.mosaic.adapters.out.providers.ProviderCallException when the call fails */
    JsonNode get(HttpUrl url, String what) {
        return transport.fetchJson(authorized(url).get().build(), this::fromHttp, what);
    }

    private ProviderError fromHttp(HttpFailure failure) {
        return OpenAiErrors.fromHttp(errors, failure);
    }

    private Request.Builder authorized(HttpUrl url) {
        Request.Builder request = new Request.Builder().url(url);
        config.extraHeaders().forEach(request::header);
        if (config.apiKey() != null) {
            request.header("Authorization", "Bearer " + config.apiKey().reveal());
        }
        return request;
    }
}
