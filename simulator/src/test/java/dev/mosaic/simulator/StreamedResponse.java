package dev.mosaic.simulator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A streaming chat response read line by line as it arrives, to observe timing, pauses and hangs. */
final class StreamedResponse implements AutoCloseable {
    private static final String END = "<end of response>";

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    private StreamedResponse(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread.ofVirtual().start(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(line -> {
                    received.add(line);
                    lines.add(line);
                });
            } catch (UncheckedIOException e) {
                // The connection was closed under the reader: the response has ended either way.
            } finally {
                lines.add(END);
            }
        });
    }

    static StreamedResponse open(SimulatorClient client, ObjectNode body) throws IOException, InterruptedException {
        return open(client, client.request("/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    static StreamedResponse open(SimulatorClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = client.http().send(request, HttpResponse.BodyHandlers.ofLines());
        assertTrue(response.statusCode() == 200, "status " + response.statusCode());
        return new StreamedResponse(response);
    }

    /** The next non-blank line, or null when none arrives in time (or the response ended). */
    String nextLine(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                if (END.equals(line)) {
                    lines.add(END);
                }
                return null;
            }
            if (!line.isBlank()) {
                return line;
            }
        }
    }

    JsonNode nextChunk() throws InterruptedException {
        String line = nextLine(Duration.ofSeconds(5));
        assertNotNull(line, "expected another event");
        assertTrue(line.startsWith("data: {"), line);
        return SimulatorClient.json(line.substring("data: ".length()));
    }

    /** Whether the response ended (cleanly or not) within the timeout. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String line;
        do {
            line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } while (line != null && !line.equals(END));
        return line != null;
    }

    List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
