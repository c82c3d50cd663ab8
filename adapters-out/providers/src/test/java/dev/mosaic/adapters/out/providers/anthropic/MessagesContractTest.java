package dev.mosaic.adapters.out.providers.anthropic;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.typedEvents;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.MESSAGE_STOP;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.blockStart;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.messageDelta;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.messageStart;
import static dev.mosaic.adapters.out.providers.anthropic.Fixtures.textDelta;

import dev.mosaic.adapters.out.providers.ChatProviderContract;
import dev.mosaic.application.port.out.provider.ChatProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The behaviours every adapter shares, for Anthropic Messages. */
class MessagesContractTest extends ChatProviderContract {

    @Override
    protected ChatProvider adapter(URI baseUrl, Duration firstByteTimeout, Duration idleTimeout) {
        return new AnthropicMessagesAdapter(Fixtures.config(baseUrl)
                .withTimeouts(Duration.ofSeconds(2), firstByteTimeout, idleTimeout), CLIENT);
    }

    @Override
    protected URI baseUrl() {
        return server.url("/").uri();
    }

    @Override
    protected String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    protected String stream(boolean complete, String... textPieces) {
        List<String> payloads = new ArrayList<>(List.of(messageStart("{\"input_tokens\":3,\"output_tokens\":1}"),
                blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")));
        for (String piece : textPieces) {
            payloads.add(textDelta(0, piece));
        }
        if (complete) {
            payloads.add(messageDelta("end_turn", "{\"output_tokens\":5}"));
            payloads.add(MESSAGE_STOP);
        }
        return typedEvents(payloads.toArray(String[]::new));
    }

    @Override
    protected String notJsonEvent() {
        return "event: content_block_delta\ndata: this is {not json\n\n";
    }
}
