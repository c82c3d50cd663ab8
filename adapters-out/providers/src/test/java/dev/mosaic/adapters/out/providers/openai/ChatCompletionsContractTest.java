package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.events;

import dev.mosaic.adapters.out.providers.ChatProviderContract;
import dev.mosaic.application.port.out.provider.ChatProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The behaviours every adapter shares, for Chat Completions. */
class ChatCompletionsContractTest extends ChatProviderContract {

    @Override
    protected ChatProvider adapter(URI baseUrl, Duration firstByteTimeout, Duration idleTimeout) {
        return new OpenAiChatCompletionsAdapter(Fixtures.config(baseUrl)
                .withTimeouts(Duration.ofSeconds(2), firstByteTimeout, idleTimeout), CLIENT);
    }

    @Override
    protected URI baseUrl() {
        return server.url("/v1").uri();
    }

    @Override
    protected String contentType() {
        return "text/event-stream";
    }

    @Override
    protected String stream(boolean complete, String... textPieces) {
        List<String> chunks = new ArrayList<>();
        for (String piece : textPieces) {
            chunks.add("{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"}}]}");
        }
        if (complete) {
            chunks.add("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            chunks.add("[DONE]");
        }
        return events(chunks.toArray(String[]::new));
    }

    @Override
    protected String notJsonEvent() {
        return events("this is {not json");
    }
}
