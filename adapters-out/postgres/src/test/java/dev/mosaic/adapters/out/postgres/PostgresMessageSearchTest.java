package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.view.SearchHit;
import dev.mosaic.application.view.SearchQuery;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full-text search on the real database: stemming, phrases, prefixes, ranking, snippets, isolation. */
class PostgresMessageSearchTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    private UserId alice;
    private UserId bob;
    private Conversation trip;
    private final Instant t0 = Instant.now();

    @BeforeEach
    void conversations() {
        alice = TestDatabase.newUser(database);
        bob = TestDatabase.newUser(database);
        trip = Conversation.start(alice, "Lisbon", t0);
        database.conversations().create(alice, trip);
        say(alice, trip, "We are planning a road trip to Lisbon in May.");
        say(alice, trip, "Which trains go from Porto to Lisbon?");
        say(alice, trip, "Lisbon, Lisbon, Lisbon: trams, tiles and Lisbon custard tarts.");
        Message reply = Message.assistantStarted(trip, "p", "m", t0);
        database.conversations().append(alice, reply.withProgress(List.of(new ContentBlock.Thinking("porcupine musings", null),
                new ContentBlock.Text("Road trips along the coast are lovely.")), reply.generation(), MessageStatus.COMPLETE));
        Conversation bobs = Conversation.start(bob, "Bob's Lisbon", t0);
        database.conversations().create(bob, bobs);
        say(bob, bobs, "Bob's secret Lisbon plans");
    }

    private void say(UserId who, Conversation where, String text) {
        database.conversations().append(who, Message.fromUser(where, text, t0));
    }

    private Page<SearchHit> search(UserId who, String query) {
        return database.messageSearch().search(who, SearchQuery.parse(query), new PageRequest(1, 20));
    }

    private static Set<String> snippets(Page<SearchHit> hits) {
        return hits.items().stream().map(SearchHit::snippet).collect(Collectors.toSet());
    }

    @Test
    void wordsMatchTheirStemsAndTheBestMatchComesFirst() {
        Page<SearchHit> hits = search(alice, "lisbon");
        assertEquals(3, hits.total());
        assertTrue(hits.items().getFirst().snippet().startsWith("«Lisbon»"), hits.items().getFirst().snippet());
        assertTrue(hits.items().getFirst().rank() > hits.items().getLast().rank());

        Page<SearchHit> stemmed = search(alice, "trips");
        assertEquals(2, stemmed.total(), "trip and trips share a stem");
    }

    @Test
    void phrasesExclusionsAndPrefixesWorkAsTyped() {
        assertEquals(2, search(alice, "\"road trip\"").total());
        assertEquals(1, search(alice, "\"road trip\" -coast").total());
        Page<SearchHit> prefix = search(alice, "Lis*");
        assertEquals(3, prefix.total());
        assertEquals(1, search(alice, "tram* lisbon").total());
        assertEquals(0, search(alice, "porcupine").total(), "thinking is not searched");
    }

    @Test
    void snippetsMarkWhatMatched() {
        Set<String> snippets = snippets(search(alice, "porto"));
        assertEquals(Set.of("Which trains go from «Porto» to Lisbon"), snippets);
        assertEquals("Lisbon", search(alice, "porto").items().getFirst().conversationTitle());
    }

    @Test
    void nobodyFindsAnotherUsersMessages() {
        assertEquals(1, search(bob, "lisbon").total());
        assertEquals(0, search(bob, "porto").total());
        assertEquals(0, search(alice, "secret").total());
    }

    @Test
    void resultsComeAPageAtATimeWithTheirTotal() {
        Page<SearchHit> second = database.messageSearch().search(alice, SearchQuery.parse("lisbon"), new PageRequest(2, 2));
        assertEquals(3, second.total());
        assertEquals(1, second.items().size());
        assertTrue(database.messageSearch().search(alice, SearchQuery.parse("lisbon"), new PageRequest(3, 2)).isPastTheEnd());
    }

    @Test
    void oddQueriesNeverFail() {
        for (String odd : List.of("\"unclosed phrase", "or or or", "-", "!!! ???", "'; drop table messages; --", "the")) {
            assertTrue(search(alice, odd).total() >= 0, odd);
        }
    }

    @Test
    void aDeletedConversationLeavesNothingToFind() {
        assertTrue(database.conversations().delete(alice, trip.id()));
        assertEquals(0, search(alice, "lisbon").total());
    }
}
