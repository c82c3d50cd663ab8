package dev.mosaic.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mosaic.tui.ChatSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conversations REST API end to end: list, search, read, rename, archive, delete, and bad input. */
class ConversationsApiTest {

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String chat(String token, String... messages) throws Exception {
        try (ChatSession chat = ChatSession.connect(harness.webSocket(), token, Duration.ofSeconds(15))) {
            String conversation = null;
            for (String message : messages) {
                conversation = chat.send(message).get(15, TimeUnit.SECONDS).conversationId();
            }
            return conversation;
        }
    }

    private static String q(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    @Test
    void conversationsAreListedNewestFirstAndCanBeRenamedArchivedAndDeleted() throws Exception {
        String token = harness.newUser();
        String older = chat(token, "Planning a trip to Lisbon");
        String newer = chat(token, "Recipe for custard tarts");

        JsonNode list = harness.get("/api/conversations", token).body();
        assertEquals(List.of(newer, older), texts(list.path("conversations"), "conversationId"));
        assertEquals("Recipe for custard tarts", list.path("conversations").get(0).path("title").asText());
        assertEquals(2, list.path("conversations").get(0).path("messages").asInt());

        assertEquals(200, harness.send("PATCH", "/api/conversations/" + older, token, "{\"title\":\"Lisbon\"}").status());
        assertEquals("Lisbon", harness.get("/api/conversations/" + older, token).body().path("title").asText());

        assertEquals(200, harness.send("PATCH", "/api/conversations/" + older, token, "{\"archived\":true}").status());
        assertEquals(List.of(newer), texts(harness.get("/api/conversations", token).body().path("conversations"), "conversationId"));
        assertEquals(List.of(older), texts(harness.get("/api/conversations?archived=true", token).body().path("conversations"),
                "conversationId"));

        assertEquals(204, harness.send("DELETE", "/api/conversations/" + older, token, null).status());
        assertEquals(404, harness.get("/api/conversations/" + older, token).status());
        assertEquals(0, harness.get("/api/conversations/search?q=lisbon", token).body().path("total").asInt(),
                "deleting a conversation removes its search entries");
    }

    @Test
    void aConversationsMessagesComeAPageAtATime() throws Exception {
        String token = harness.newUser();
        String conversation = chat(token, "one", "two", "three");
        JsonNode page = harness.get("/api/conversations/" + conversation + "?page=2&pageSize=4", token).body();
        assertEquals(6, page.path("total").asInt());
        assertEquals(2, page.path("pages").asInt());
        assertEquals(2, page.path("messages").size());
        assertEquals("three", page.path("messages").get(0).path("content").get(0).path("text").asText());
    }

    @Test
    void searchFindsTheUsersOwnMessagesWithHighlightedSnippets() throws Exception {
        String alice = harness.newUser();
        String bob = harness.newUser();
        String trip = chat(alice, "We are planning a road trip to Lisbon", "Which trains go from Porto?");
        chat(bob, "Bob also talks about Lisbon");

        // The simulator's answer quotes the question, so both match.
        JsonNode found = harness.get("/api/conversations/search?q=" + q("\"road trip\""), alice).body();
        assertEquals(2, found.path("total").asInt());
        assertEquals(java.util.Set.of("user", "assistant"), java.util.Set.copyOf(texts(found.path("results"), "role")));
        for (JsonNode hit : found.path("results")) {
            assertEquals(trip, hit.path("conversationId").asText());
            assertTrue(hit.path("snippet").asText().contains("«road» «trip»"), hit.path("snippet").asText());
        }

        assertEquals(2, harness.get("/api/conversations/search?q=" + q("Port*"), alice).body().path("total").asInt());
        assertEquals(0, harness.get("/api/conversations/search?q=" + q("\"road trip\" -lisbon"), alice).body()
                .path("total").asInt());
        JsonNode lisbon = harness.get("/api/conversations/search?q=lisbon", alice).body();
        assertTrue(lisbon.path("total").asInt() >= 1);
        lisbon.path("results").forEach(r -> assertEquals(trip, r.path("conversationId").asText(), "never bob's"));
    }

    @Test
    void badRequestsGetClearErrorsNeverA500() throws Exception {
        String token = harness.newUser();
        String conversation = chat(token, "hello");
        record Case(String method, String path, String body, int status, String code) {}
        for (Case c : List.of(
                new Case("GET", "/api/conversations/search?q=", null, 400, "invalid_input"),
                new Case("GET", "/api/conversations/search?q=" + "x".repeat(300), null, 400, "invalid_input"),
                new Case("GET", "/api/conversations/search?q=hello&page=5", null, 400, "invalid_input"),
                new Case("GET", "/api/conversations/search?q=hello&page=zero", null, 400, "invalid_input"),
                new Case("GET", "/api/conversations/search?q=hello&pageSize=1000", null, 400, "invalid_input"),
                new Case("GET", "/api/conversations?page=9", null, 400, "invalid_input"),
                new Case("GET", "/api/conversations/not-an-id", null, 400, "invalid_input"),
                new Case("GET", "/api/conversations/" + UUID.randomUUID(), null, 404, "not_found"),
                new Case("PATCH", "/api/conversations/" + conversation, "not json", 400, "invalid_input"),
                new Case("PATCH", "/api/conversations/" + conversation, "{\"title\":\"\"}", 400, "invalid_input"),
                new Case("PATCH", "/api/conversations/" + UUID.randomUUID(), "{\"title\":\"x\"}", 404, "not_found"),
                new Case("DELETE", "/api/conversations/" + UUID.randomUUID(), null, 404, "not_found"))) {
            GatewayHarness.HttpResult result = harness.send(c.method(), c.path(), token, c.body());
            assertEquals(c.status(), result.status(), c.toString());
            assertEquals(c.code(), result.body().path("code").asText(), c.toString());
        }
        assertEquals(0, harness.get("/api/conversations/search?q=" + q("\"unclosed -or"), token).body().path("total").asInt(),
                "odd query syntax is searched, not refused");
        assertEquals(401, harness.get("/api/conversations", null).status());
        assertEquals(401, harness.get("/api/conversations/search?q=hello", "mosaic_wrong").status());
    }

    @Test
    void anotherUsersConversationCannotBeReadRenamedOrDeleted() throws Exception {
        String alice = harness.newUser();
        String bob = harness.newUser();
        String conversation = chat(alice, "mine");
        assertEquals(404, harness.get("/api/conversations/" + conversation, bob).status());
        assertEquals(404, harness.send("PATCH", "/api/conversations/" + conversation, bob, "{\"title\":\"bob's\"}").status());
        assertEquals(404, harness.send("DELETE", "/api/conversations/" + conversation, bob, null).status());
        JsonNode untouched = harness.get("/api/conversations/" + conversation, alice).body();
        assertEquals("mine", untouched.path("title").asText());
        assertEquals(2, untouched.path("total").asInt());
    }
}
