package dev.mosaic.adapters.out.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.PageRequest;
import dev.mosaic.application.job.JobEvent;
import dev.mosaic.application.job.JobId;
import dev.mosaic.application.port.out.Archive;
import dev.mosaic.application.port.out.RoutingHistory;
import dev.mosaic.application.service.TierService;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.application.view.SearchQuery;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.conversation.MessageStatus;
import dev.mosaic.domain.user.User;
import dev.mosaic.domain.user.UserId;
import dev.mosaic.domain.user.UserRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The archive tier on the real database: which conversations move, all or nothing, what still
 * reads them, who may, and the log rows' archive and retention. Other tests share the database and
 * write at the present time, so everything here happens around 1990, well before their rows.
 */
class PostgresArchiveTest {
    private static final PostgresDatabase database = TestDatabase.shared();
    private static final Archive archive = database.archive();
    private static final Instant LONG_AGO = Instant.parse("1990-01-01T00:00:00Z");
    private static final Instant CUTOFF = Instant.parse("1991-01-01T00:00:00Z");
    private UserId alice;
    private UserId bob;

    @BeforeEach
    void users() {
        alice = TestDatabase.newUser(database);
        bob = TestDatabase.newUser(database);
    }

    /** A conversation of {@code owner} whose every message was written at {@code at}. */
    private Conversation conversation(UserId owner, Instant at, String... texts) {
        Conversation conversation = Conversation.start(owner, texts[0], at);
        database.conversations().create(owner, conversation);
        for (String text : texts) {
            database.conversations().append(owner, Message.fromUser(conversation, text, at));
        }
        return conversation;
    }

    /** The first column of a query run as {@code actor} (null: as nobody). */
    private static List<String> as(UserId actor, String sql, Object... parameters) throws SQLException {
        try (Connection app = TestDatabase.connectAsApp()) {
            app.setAutoCommit(false);
            if (actor != null) {
                TestDatabase.column(app, "select set_config('mosaic.user_id', ?, true)", actor.toString());
            }
            List<String> rows = TestDatabase.column(app, sql, parameters);
            app.commit();
            return rows;
        }
    }

    /** How many of the conversation's messages are hot and archived, as its owner sees them. */
    private static List<String> where(UserId owner, ConversationId id) throws SQLException {
        return List.of(as(owner, "select count(*) from messages where conversation_id = ?", id.value()).getFirst(),
                as(owner, "select count(*) from messages_archive where conversation_id = ?", id.value()).getFirst());
    }

    private static List<ConversationId> due() {
        return archive.conversationsToArchive(CUTOFF, 10_000).stream().map(Archive.Candidate::conversation).toList();
    }

    @Test
    void onlyConversationsQuietSinceBeforeTheCutoffMoveAndNeverOneWithAReplyStreaming() throws SQLException {
        Conversation old = conversation(alice, LONG_AGO, "Lisbon in May?", "By train.");
        Conversation active = conversation(alice, CUTOFF.plusSeconds(1), "Porto next week?");
        Conversation streaming = conversation(alice, LONG_AGO, "Tell me about trams");
        database.conversations().append(alice, Message.assistantStarted(streaming, "p", "m", LONG_AGO));

        List<ConversationId> due = due();
        assertTrue(due.contains(old.id()), due::toString);
        assertFalse(due.contains(active.id()), "active after the cutoff");
        assertFalse(due.contains(streaming.id()), "a reply is still being written");

        assertEquals(OptionalInt.of(2), archive.archiveConversation(alice, old.id(), CUTOFF));
        assertEquals(OptionalInt.empty(), archive.archiveConversation(alice, active.id(), CUTOFF));
        assertEquals(OptionalInt.empty(), archive.archiveConversation(alice, streaming.id(), CUTOFF));
        assertEquals(List.of("0", "2"), where(alice, old.id()));
        assertEquals(List.of("1", "0"), where(alice, active.id()));
        assertEquals(List.of("2", "0"), where(alice, streaming.id()));
        assertEquals(List.of("true"), as(alice, "select (messages_archived_through = last_activity_at)::text"
                + " from conversations where id = ?", old.id().value()), "it records the activity the move covers");

        assertFalse(due().contains(old.id()), "nothing left to move");
        assertEquals(OptionalInt.empty(), archive.archiveConversation(alice, old.id(), CUTOFF),
                "a second run moves nothing");
        assertEquals(OptionalInt.empty(), archive.archiveConversation(bob, old.id(), CUTOFF), "only as its owner");
        assertEquals(List.of("0", "2"), where(alice, old.id()));
    }

    @Test
    void historyPagesTheListSearchAndNewMessagesReadTheArchiveAlongTheHotTable() {
        Conversation trip = conversation(alice, LONG_AGO, "Which zeppelin goes to Lisbon?", "And back?");
        assertEquals(OptionalInt.of(2), archive.archiveConversation(alice, trip.id(), CUTOFF));

        assertEquals(List.of("Which zeppelin goes to Lisbon?", "And back?"), texts(trip.id()));
        assertEquals(2, database.conversations().messages(alice, trip.id(), new PageRequest(1, 1)).total());
        assertEquals(List.of("And back?"), database.conversations().messages(alice, trip.id(), new PageRequest(2, 1)).items()
                .stream().map(Message::text).toList());
        ConversationSummary listed = database.conversations().list(alice, false, new PageRequest(1, 10)).items().getFirst();
        assertEquals(trip.id(), listed.id());
        assertEquals(2, listed.messageCount());
        assertEquals(1, hits(alice, "zeppelin"), "search finds archived messages");

        database.conversations().append(alice, Message.fromUser(trip, "Resumed: zeppelin tickets?", Instant.now()));
        assertEquals(List.of("Which zeppelin goes to Lisbon?", "And back?", "Resumed: zeppelin tickets?"), texts(trip.id()),
                "a resumed conversation goes on after its archived messages");
        assertEquals(2, hits(alice, "zeppelin"));
    }

    @Test
    void routingReplayReadsArchivedExchanges() {
        Conversation old = conversation(alice, LONG_AGO, "write code");
        Message reply = Message.assistantStarted(old, "anthropic", "claude-opus-4-6", LONG_AGO);
        database.conversations().append(alice, reply.withProgress(List.of(new ContentBlock.Text("done")),
                reply.generation(), MessageStatus.COMPLETE));
        assertEquals(OptionalInt.of(2), archive.archiveConversation(alice, old.id(), CUTOFF));

        List<RoutingHistory.Exchange> exchanges = database.routingHistory().exchangesSince(alice, LONG_AGO);
        assertEquals(List.of("write code|claude-opus-4-6"),
                exchanges.stream().map(e -> e.question() + "|" + e.model()).toList());
        assertTrue(database.routingHistory().askersSince(LONG_AGO).contains(alice));
    }

    private static long hits(UserId who, String query) {
        return database.messageSearch().search(who, SearchQuery.parse(query), new PageRequest(1, 10)).total();
    }

    private List<String> texts(ConversationId id) {
        return database.conversations().messages(alice, id).stream().map(Message::text).toList();
    }

    @Test
    void aMoveIsAllOrNothing() throws SQLException {
        Conversation trip = conversation(alice, LONG_AGO, "first", "second");
        String first = database.conversations().messages(alice, trip.id()).getFirst().id().toString();
        // A copy of the first message already in the archive: the move's insert fails on its key.
        assertEquals(List.of("1"), as(alice, "with copied as (insert into messages_archive select * from messages"
                + " where id = ?::uuid returning 1) select count(*) from copied", first));

        assertThrows(RuntimeException.class, () -> archive.archiveConversation(alice, trip.id(), CUTOFF));
        assertEquals(List.of("2", "1"), where(alice, trip.id()), "both messages stay hot, only the copy is archived");
        assertEquals(List.of("true"), as(alice,
                "select (messages_archived_through is null)::text from conversations where id = ?", trip.id().value()));
        assertTrue(database.conversations().delete(alice, trip.id()), "out of the way of the other tests' runs");
    }

    @Test
    void aConversationAnotherRunHoldsIsSkippedNotWaitedFor() throws SQLException {
        Conversation trip = conversation(alice, LONG_AGO, "one", "two");
        try (Connection other = TestDatabase.connectAsApp()) {
            other.setAutoCommit(false);
            TestDatabase.column(other, "select set_config('mosaic.user_id', ?, true)", alice.toString());
            TestDatabase.column(other, "select id from conversations where id = ? for update", trip.id().value());
            assertEquals(OptionalInt.empty(), archive.archiveConversation(alice, trip.id(), CUTOFF));
            other.rollback();
        }
        assertEquals(OptionalInt.of(2), archive.archiveConversation(alice, trip.id(), CUTOFF));
    }

    @Test
    void twoRunsAtOnceMoveEachConversationOnce() throws Exception {
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            conversations.add(conversation(i % 2 == 0 ? alice : bob, LONG_AGO.plusSeconds(i), "question " + i, "more " + i));
        }
        // Thirty days after the cutoff, the service's own cutoff is this test's.
        TierService tier = new TierService(archive, new TierService.Settings(Duration.ofDays(30), Duration.ofDays(36_500),
                null, 1000), Clock.fixed(CUTOFF.plus(Duration.ofDays(30)), ZoneOffset.UTC));
        CompletableFuture<TierService.Report> first = CompletableFuture.supplyAsync(tier::run);
        CompletableFuture<TierService.Report> second = CompletableFuture.supplyAsync(tier::run);
        TierService.Report one = first.get();
        TierService.Report other = second.get();

        assertEquals(0, one.failed() + other.failed());
        assertTrue(one.conversations() + other.conversations() >= conversations.size());
        for (int i = 0; i < conversations.size(); i++) {
            assertEquals(List.of("0", "2"), where(i % 2 == 0 ? alice : bob, conversations.get(i).id()), "conversation " + i);
        }
    }

    @Test
    void theRetentionOfMessagesDeletesQuietConversationsHotOrArchivedAndNothingElse() throws SQLException {
        Conversation archived = conversation(alice, LONG_AGO, "archived long ago");
        archive.archiveConversation(alice, archived.id(), CUTOFF);
        Conversation hot = conversation(alice, LONG_AGO, "never archived");
        Conversation recent = conversation(alice, CUTOFF.plusSeconds(1), "recent");
        Conversation streaming = conversation(alice, LONG_AGO, "being answered");
        database.conversations().append(alice, Message.assistantStarted(streaming, "p", "m", LONG_AGO));

        List<ConversationId> quiet = archive.conversationsQuietSince(CUTOFF, 10_000).stream()
                .map(Archive.Candidate::conversation).toList();
        assertTrue(quiet.containsAll(List.of(archived.id(), hot.id())), quiet::toString);
        assertFalse(quiet.contains(recent.id()));
        assertFalse(quiet.contains(streaming.id()));

        assertFalse(archive.deleteConversation(bob, archived.id(), CUTOFF), "only as its owner");
        try (Connection other = TestDatabase.connectAsApp()) {
            other.setAutoCommit(false);
            TestDatabase.column(other, "select set_config('mosaic.user_id', ?, true)", alice.toString());
            TestDatabase.column(other, "select id from conversations where id = ? for update", hot.id().value());
            assertFalse(archive.deleteConversation(alice, hot.id(), CUTOFF), "held by someone else: left for later");
            other.rollback();
        }
        assertTrue(archive.deleteConversation(alice, archived.id(), CUTOFF));
        assertTrue(archive.deleteConversation(alice, hot.id(), CUTOFF));
        assertFalse(archive.deleteConversation(alice, recent.id(), CUTOFF));
        assertFalse(archive.deleteConversation(alice, streaming.id(), CUTOFF));
        assertFalse(archive.deleteConversation(alice, hot.id(), CUTOFF), "gone already");

        assertEquals(List.of("0", "0"), where(alice, archived.id()));
        assertEquals(List.of("0", "0"), where(alice, hot.id()));
        assertEquals(Optional.empty(), database.conversations().find(alice, archived.id()));
        assertEquals(List.of("1", "0"), where(alice, recent.id()));
        assertEquals(List.of("2", "0"), where(alice, streaming.id()));
    }

    @Test
    void nobodyElseReadsOrWritesTheArchive() throws SQLException {
        Conversation secret = conversation(alice, LONG_AGO, "alice's archived secret");
        archive.archiveConversation(alice, secret.id(), CUTOFF);
        String message = as(alice, "select id from messages_archive where conversation_id = ?", secret.id().value())
                .getFirst();

        assertEquals(List.of(), as(bob, "select id from messages_archive where conversation_id = ?", secret.id().value()));
        assertEquals(List.of(), as(bob, "select id from all_messages where conversation_id = ?", secret.id().value()));
        assertEquals(List.of(), as(null, "select id from messages_archive"), "nobody's");
        assertEquals(List.of(), database.conversations().messages(bob, secret.id()));
        assertEquals(1, hits(alice, "secret"));
        assertEquals(0, hits(bob, "secret"));
        assertThrows(SQLException.class, () -> as(bob, "insert into messages_archive (id, position, conversation_id,"
                + " user_id, role, status, content, created_at) values (gen_random_uuid(), 0, ?, ?, 'user', 'complete',"
                + " '[]', now())", secret.id().value(), alice.value()), "nobody writes into another user's archive");
        assertThrows(SQLException.class, () -> as(bob, "update messages_archive set content = '[]' where id = ?::uuid",
                message), "nothing updates an archived message");
        assertThrows(SQLException.class, () -> as(alice, "delete from messages_archive where id = ?::uuid", message),
                "archived messages go with their conversation, not one by one");
    }

    @Test
    void oldLogRowsMoveAndArchivedOnesAreDeletedAfterTheirRetention() throws SQLException {
        UserId admin = UserId.random();
        database.users().create(new User(admin, "admin-" + admin, Instant.now()), UserRole.ADMIN);
        JobId ancient = JobId.random();
        JobId old = JobId.random();
        JobId system = JobId.random();
        JobId recent = JobId.random();
        database.jobLog().record(event(ancient, Optional.of(alice), Instant.parse("1980-01-01T00:00:00Z")));
        database.jobLog().record(event(old, Optional.of(alice), LONG_AGO));
        database.jobLog().record(event(system, Optional.empty(), LONG_AGO));
        database.jobLog().record(event(recent, Optional.of(alice), Instant.now()));

        assertTrue(archive.archiveLogs(CUTOFF, 10_000) >= 3);
        assertEquals(0, archive.archiveLogs(CUTOFF, 10_000), "a second run finds nothing to move");
        String logs = "select job_id from agent_logs where job_id in (?, ?, ?, ?)";
        String archived = "select job_id from agent_logs_archive where job_id in (?, ?, ?, ?) order by at";
        Object[] jobs = {ancient.value(), old.value(), system.value(), recent.value()};
        assertEquals(List.of(recent.toString()), as(alice, logs, jobs));
        assertEquals(List.of(ancient.toString(), old.toString()), as(alice, archived, jobs), "a user reads their own");
        assertEquals(List.of(), as(bob, archived, jobs));
        assertEquals(List.of(ancient.toString(), old.toString(), system.toString()), as(admin, archived, jobs),
                "admins read every archived row");

        assertTrue(archive.deleteArchivedLogs(Instant.parse("1985-01-01T00:00:00Z"), 10_000) >= 1);
        assertEquals(List.of(old.toString(), system.toString()), as(admin, archived, jobs),
                "only rows past their retention");
        assertThrows(SQLException.class, () -> as(admin, "delete from agent_logs_archive where job_id = ?", old.value()),
                "only retention deletes log rows");
    }

    private static JobEvent event(JobId job, Optional<UserId> user, Instant at) {
        return new JobEvent(job, "summarize", "summaries", 1, JobEvent.Outcome.COMPLETED, Duration.ofMillis(5), null, user,
                at);
    }
}
