package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many PostgreSQL transactions a reply costs, from the test database's own counters
 * ({@code pg_stat_database}), for replies that start a conversation and for replies in one that
 * goes on. Not a test: it asserts nothing of the numbers, which it prints; run it alone
 * ({@code -Dtest=TransactionsPerReplyMeasurement}), on a database nothing else uses, since the
 * counters are the whole database's. A backend reports its counters at most once a second when
 * busy and within ten seconds once idle, so each reading waits for them.
 */
class TransactionsPerReplyMeasurement {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPLIES = 40;
    private static final long SETTLE_MS = 12_000;

    private record Counters(long commits, long rollbacks) {
        Counters minus(Counters o) {
            return new Counters(commits - o.commits, rollbacks - o.rollbacks);
        }
    }

    private static Counters read() throws Exception {
        Thread.sleep(SETTLE_MS);
        Map<String, String> stores = GatewayHarness.testStores();
        String url = stores.get("MOSAIC_DB_URL");
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection connection = DriverManager.getConnection(url, stores.get("MOSAIC_DB_USER"),
                stores.get("MOSAIC_DB_PASSWORD")); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select xact_commit, xact_rollback from pg_stat_database"
                        + " where datname = '" + database + "'")) {
            row.next();
            return new Counters(row.getLong(1), row.getLong(2));
        }
    }

    private static String send(String text, String conversation) throws Exception {
        Map<String, String> frame = new HashMap<>(Map.of("type", "message:send", "text", text));
        if (conversation != null) {
            frame.put("conversationId", conversation);
        }
        return JSON.writeValueAsString(frame);
    }

    /** Sends and waits for the exchange's last message:end; returns its conversation. */
    private static String exchange(RawSocket socket, String text, String conversation) throws Exception {
        socket.send(send(text, conversation));
        while (true) {
            JsonNode frame = socket.next();
            assertFalse(frame.path("type").asText().equals("error"), () -> "the gateway answered " + frame);
            if (frame.path("type").asText().equals("message:end") && !frame.path("continues").asBoolean()) {
                return frame.path("conversationId").asText();
            }
        }
    }

    @Test
    void transactionsPerReply() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start()) {
            String token = harness.newUser();
            try (RawSocket socket = new RawSocket(harness.webSocket(), token)) {
                socket.next("ready");
                String warm = exchange(socket, "warm up", null);
                exchange(socket, "warm up again", warm);

                Counters idleFrom = read();
                Counters idle = read().minus(idleFrom);
                // Each reading itself is one transaction, on a connection of its own.

                Counters newFrom = read();
                for (int i = 0; i < REPLIES; i++) {
                    exchange(socket, "new conversation " + i, null);
                }
                Counters fresh = read().minus(newFrom);

                String conversation = exchange(socket, "a conversation that goes on", null);
                Counters onFrom = read();
                for (int i = 0; i < REPLIES; i++) {
                    exchange(socket, "and on " + i, conversation);
                }
                Counters on = read().minus(onFrom);

                System.out.printf("MEASURED idle window: %d commits, %d rollbacks%n", idle.commits, idle.rollbacks);
                System.out.printf("MEASURED new conversation: %d commits, %d rollbacks for %d replies: %.2f per reply%n",
                        fresh.commits, fresh.rollbacks, REPLIES, (fresh.commits - idle.commits) / (double) REPLIES);
                System.out.printf("MEASURED going on: %d commits, %d rollbacks for %d replies: %.2f per reply%n",
                        on.commits, on.rollbacks, REPLIES, (on.commits - idle.commits) / (double) REPLIES);
            }
        }
    }
}
