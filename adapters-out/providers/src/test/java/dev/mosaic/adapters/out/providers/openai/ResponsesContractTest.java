package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.RESPONSE_CREATED;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.completed;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.messageAdded;
import static dev.mosaic.adapters.out.providers.openai.Fixtures.textDelta;

import dev.mosaic.adapters.out.providers.ChatProviderContract;
import dev.mosaic.application.port.out.provider.ChatProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The behaviours every adapter shares, for Responses. */
class ResponsesContractTest extends ChatProviderContract {

    @Override
    protected ChatProvider adapter(URI baseUrl, Duration firstByteTimeout, Duration idleTimeout) {
        return new OpenAiResponsesAdapter(Fixtures.config(baseUrl)
                .withTimeouts(Duration.ofSeconds(2), firstByteTimeout, idleTimeout), CLIENT);
    }

    @Override
    protected URI baseUrl() {
        return server.url("/v1").uri();
    }

    @Override
    protected String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    protected String stream(boolean complete, String... textPieces) {
        List<String> events = new ArrayList<>(List.of(RESPONSE_CREATED, messageAdded(0)));
        for (String piece : textPieces) {
            events.add(textDelta(0, piece));
        }
        if (complete) {
            events.add(completed("{\"input_tokens\":3,\"output_tokens\":2}"));
        }
        return typedEvents(events.toArray(String[]::new));
    }

    @Override
    protected String notJsonEvent() {
        return "event: response.output_text.delta\ndata: this is {not json\n\n";
    }
}
