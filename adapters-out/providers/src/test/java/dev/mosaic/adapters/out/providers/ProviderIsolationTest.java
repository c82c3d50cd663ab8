package dev.mosaic.adapters.out.providers;

import static dev.mosaic.adapters.out.providers.ProviderFixtures.noCancel;
import static dev.mosaic.adapters.out.providers.ProviderFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.Secret;
import dev.mosaic.application.port.out.provider.Cancellation;
import dev.mosaic.application.port.out.provider.ChatProvider;
import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderAccess;
import dev.mosaic.application.port.out.provider.ProviderError;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.simulator.ProviderSimulator;
import dev.mosaic.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Dispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A provider that hangs holds its own connections and call slots, never another provider's. */
class ProviderIsolationTest {
    private static final Duration SHORT = Duration.ofSeconds(5);

    private static ProviderSimulator simulator;

    private final ProviderFixtures.Recorder recorder = new ProviderFixtures.Recorder();

    /** One for all tests: it answers each call on a connection of its own. */
    @BeforeAll
    static void startSimulator() {
        simulator = ProviderSimulator.start(SimulatorOptions.defaults().withTokenDelay(Duration.ZERO).withoutAuth());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    /** OpenAI and Z.ai both at the simulator, each provider allowed {@code maxCalls} calls at once. */
    private OkHttpChatProviderFactory factory(int maxCalls, Duration idleTimeout) {
        return new OkHttpChatProviderFactory(new OkHttpChatProviderFactory.Defaults(
                Map.of("openai", simulator.baseUrl(), "zai", simulator.baseUrl()), SHORT, SHORT, idleTimeout, Map.of(),
                null, Map.of()), ProviderFixtures.CLIENT, maxCalls);
    }

    private static ProviderAccess key() {
        return new ProviderAccess.ApiKey(Secret.ofNullable("key"), null);
    }

    private static ChatRequest ask(String text) {
        return new ChatRequest(ProviderSimulator.MODEL, "", List.of(user(text)), 0);
    }

    @Test
    void eachProviderHasItsOwnDispatcherAndConnectionPoolSharedByItsAdapters() {
        OkHttpChatProviderFactory adapters = factory(8, SHORT);

        assertSame(adapters.clientFor("openai"), adapters.clientFor("openai"));
        assertNotSame(adapters.clientFor("openai").dispatcher(), adapters.clientFor("zai").dispatcher());
        assertNotSame(adapters.clientFor("openai").connectionPool(), adapters.clientFor("zai").connectionPool());
        assertNotSame(ProviderFixtures.CLIENT.connectionPool(), adapters.clientFor("openai").connectionPool());
        assertEquals(ProviderFixtures.CLIENT.connectTimeoutMillis(), adapters.clientFor("zai").connectTimeoutMillis());
    }

    @Test
    void aProviderWhoseCallsHangDoesNotKeepAnotherProvidersCallsWaiting() throws Exception {
        OkHttpChatProviderFactory adapters = factory(2, Duration.ofSeconds(30));
        ChatProvider hanging = adapters.openAi("zai", key());
        Cancellation stopHanging = new Cancellation();
        List<Thread> hung = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hung.add(Thread.ofVirtual().start(() -> hanging.stream(ask("#sim:hang"), new ProviderFixtures.Recorder(),
                    stopHanging)));
        }
        Dispatcher zai = adapters.clientFor("zai").dispatcher();
        while (zai.runningCallsCount() < 2) {
            Thread.sleep(10);
        }

        ProviderReply healthy = adapters.openAi("openai", key()).stream(ask("hello"), recorder, noCancel());

        assertNull(healthy.error(), () -> healthy.error().message());
        assertTrue(recorder.text().startsWith("(simulated reply)"), recorder.text());
        assertEquals(2, zai.runningCallsCount(), "the hung calls still hold Z.ai's call slots");
        stopHanging.cancel();
        for (Thread thread : hung) {
            thread.join();
        }
    }

    @Test
    void aHungStreamGivesBackItsCallSlotAtItsIdleTimeout() {
        ChatProvider zai = factory(1, Duration.ofMillis(300)).openAi("zai", key());

        ProviderReply hung = zai.stream(ask("#sim:hang"), new ProviderFixtures.Recorder(), noCancel());
        // With a single call slot, this call can start only once the hung one has let go of it.
        ProviderReply next = zai.stream(ask("hello"), recorder, noCancel());

        assertEquals(ProviderError.Kind.TIMEOUT, hung.error().kind());
        assertNull(next.error(), () -> next.error().message());
        assertTrue(recorder.text().startsWith("(simulated reply)"), recorder.text());
    }
}
