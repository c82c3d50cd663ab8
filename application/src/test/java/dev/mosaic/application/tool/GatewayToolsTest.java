package dev.mosaic.application.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.Page;
import dev.mosaic.application.Rejection;
import dev.mosaic.application.fakes.JsonForTests;
import dev.mosaic.application.port.in.SearchMessagesQuery;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.conversation.Role;
import dev.mosaic.domain.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayToolsTest {
    private final UserId alice = UserId.random();
    private final ConversationId conversation = ConversationId.random();

    private ToolInvocation call(Map<String, Object> arguments) {
        return new ToolInvocation(alice, conversation, "t1", arguments);
    }

    @Test
    void currentTimeTellsTheTimeInTheZoneAskedForToTheSecond() {
        CurrentTimeTool tool = new CurrentTimeTool(Clock.fixed(Instant.parse("2026-12-03T12:00:00.123456Z"), ZoneOffset.UTC));
        assertEquals(ToolOutput.ok("2026-12-03T12:00:00Z (Thursday, UTC)"), tool.run(call(Map.of())));
        assertEquals(ToolOutput.ok("2026-12-03T21:00:00+09:00 (Thursday, Asia/Tokyo)"),
                tool.run(call(Map.of("timezone", "Asia/Tokyo"))));
        ToolOutput unknown = tool.run(call(Map.of("timezone", "Mars/Olympus")));
        assertTrue(unknown.isError() && unknown.content().contains("unknown time zone"), unknown.content());
    }

    @Test
    void conversationSearchSearchesOnlyTheActingUsersConversations() {
        List<String> asked = new ArrayList<>();
        SearchMessagesQuery search = (actor, query, page) -> {
            asked.add(actor + " " + query + " " + page.size());
            if (query.equals("-")) {
                return new SearchMessagesQuery.Outcome.Rejected(Rejection.invalid("q", "nothing to search for"));
            }
            return new SearchMessagesQuery.Outcome.Found(new Page<>(List.of(new SearchHit(conversation, "Batteries",
                    MessageId.random(), Role.ASSISTANT, Instant.parse("2026-12-01T10:00:00Z"), "«solid» state", 0.5)),
                    page, 1));
        };
        ConversationSearchTool tool = new ConversationSearchTool(search, new JsonForTests());

        ToolOutput found = tool.run(call(Map.of("query", "solid", "limit", 3, "user", "someone-else")));
        assertEquals(List.of(alice + " solid 3"), asked, "the user is the acting one, whatever the arguments say");
        assertTrue(found.content().contains("\"conversationTitle\":\"Batteries\"") && found.content().contains("«solid»"),
                found.content());
        assertTrue(tool.run(call(Map.of("query", "-"))).isError());
        assertTrue(tool.run(call(Map.of())).isError(), "a query is required");
        ToolOutput badLimit = tool.run(call(Map.of("query", "x", "limit", 500)));
        assertTrue(badLimit.isError() && badLimit.content().contains("limit"), badLimit.content());
    }
}
