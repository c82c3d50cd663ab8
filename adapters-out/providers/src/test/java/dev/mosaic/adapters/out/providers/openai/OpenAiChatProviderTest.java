package dev.mosaic.adapters.out.providers.openai;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.CLIENT;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.Reply;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which OpenAI protocol a request goes out in, checked by where the simulator received it. */
class OpenAiChatProviderTest {
    private final ProviderSimulator simulator = ProviderSimulator.start(SimulatorOptions.defaults()
            .withTokenDelay(Duration.ZERO));

    @AfterEach
    void stop() {
        simulator.close();
    }

    private String pathFor(String providerId, boolean responsesOnly, String model) {
        OpenAiChatProvider provider = new OpenAiChatProvider(OpenAiChatConfig.of(providerId, simulator.baseUrl(),
                Secret.ofNullable("sim-test-0123456789abcdef")), CLIENT, responsesOnly);
        simulator.script(Reply.text("ok"));
        ProviderReply reply = provider.stream(new ChatRequest(model, "", List.of(user("hi")), 0), event -> { }, noCancel());
        assertTrue(reply.errorIfAny().isEmpty(), () -> "answered: " + reply);
        return simulator.requests().getLast().path();
    }

    @Test
    void openAisGpt5AndCodexModelsGetResponsesAndTheRestChatCompletions() {
        assertEquals("/v1/responses", pathFor("openai", false, "gpt-5.4"));
        assertEquals("/v1/responses", pathFor("openai", false, "gpt-5.1-codex-max"));
        assertEquals("/v1/chat/completions", pathFor("openai", false, "gpt-4o-mini"));
    }

    @Test
    void vendorsThatMirrorChatCompletionsGetItForEveryModel() {
        assertEquals("/v1/chat/completions", pathFor("openrouter", false, "openai/gpt-5.4"));
        assertEquals("/v1/chat/completions", pathFor("zai", false, "gpt-5-lookalike"));
    }

    @Test
    void anEndpointThatSpeaksOnlyResponsesGetsItForEveryModel() {
        assertEquals("/v1/responses", pathFor("openai", true, "gpt-4o-mini"));
    }
}
