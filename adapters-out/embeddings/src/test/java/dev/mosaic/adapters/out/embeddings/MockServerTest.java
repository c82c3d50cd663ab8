package dev.mosaic.adapters.out.embeddings;

import java.io.IOException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh local HTTP server per test, for the adapters that call a remote embeddings server. */
abstract class MockServerTest {

    final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }
}
