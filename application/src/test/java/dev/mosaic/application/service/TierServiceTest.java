package dev.mosaic.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.fakes.InMemoryArchive;
import dev.mosaic.application.fakes.SettableClock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TierServiceTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private final InMemoryArchive archive = new InMemoryArchive();
    private final SettableClock clock = new SettableClock(NOW);
    private final UserId alice = UserId.random();

    private TierService tier(int batch) {
        return new TierService(archive, new TierService.Settings(Duration.ofDays(30), Duration.ofDays(90), null, batch),
                clock);
    }

    private ConversationId conversation(Duration quietFor, int messages, boolean streaming) {
        ConversationId id = ConversationId.random();
        archive.addConversation(alice, id, NOW.minus(quietFor), messages, streaming);
        return id;
    }

    @Test
    void conversationsQuietForLongerThanTheArchiveAgeMoveAndTheRestStay() {
        ConversationId old = conversation(Duration.ofDays(31), 4, false);
        ConversationId older = conversation(Duration.ofDays(400), 2, false);
        conversation(Duration.ofDays(29), 3, false);
        conversation(Duration.ofDays(60), 1, true);

        TierService.Report report = tier(1000).run();

        assertEquals(new TierService.Report(2, 6, 0, 0, 0, 0), report);
        assertEquals(Set.of(old, older), archive.archived());
        assertEquals(Set.of(), archive.deleted(), "messages are kept unless a retention is set");
        assertEquals(new TierService.Report(0, 0, 0, 0, 0, 0), tier(1000).run(), "a second run has nothing to do");
    }

    @Test
    void aRunMovesAtMostItsBatchOldestFirstAndTheNextGoesOn() {
        ConversationId oldest = conversation(Duration.ofDays(90), 1, false);
        ConversationId middle = conversation(Duration.ofDays(60), 1, false);
        ConversationId newest = conversation(Duration.ofDays(45), 1, false);

        assertEquals(2, tier(2).run().conversations());
        assertEquals(Set.of(oldest, middle), archive.archived());
        assertEquals(1, tier(2).run().conversations());
        assertEquals(Set.of(oldest, middle, newest), archive.archived());
    }

    @Test
    void aConversationThatCannotMoveFailsTheRunAfterTheOthersMoved() {
        ConversationId stuck = conversation(Duration.ofDays(90), 1, false);
        ConversationId fine = conversation(Duration.ofDays(60), 1, false);
        archive.failOn(stuck);
        archive.addLog(NOW.minus(Duration.ofDays(40)));

        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> tier(1000).run());

        assertTrue(failed.getMessage().startsWith("1 conversation(s) could not be archived or deleted"), failed.getMessage());
        assertEquals(Set.of(fine), archive.archived());
        assertEquals(0, archive.hotLogs(), "the logs were archived all the same");
    }

    @Test
    void logRowsOlderThanTheArchiveAgeMoveAndArchivedOnesGoAfterTheRetention() {
        archive.addLog(NOW.minus(Duration.ofDays(31)));
        archive.addLog(NOW.minus(Duration.ofDays(29)));
        archive.addArchivedLog(NOW.minus(Duration.ofDays(91)));
        archive.addArchivedLog(NOW.minus(Duration.ofDays(89)));

        TierService.Report report = tier(1000).run();

        assertEquals(1, report.logsArchived());
        assertEquals(1, report.logsDeleted());
        assertEquals(1, archive.hotLogs());
        assertEquals(List.of(NOW.minus(Duration.ofDays(89)), NOW.minus(Duration.ofDays(31))),
                archive.archivedLogs().stream().sorted().toList());
    }

    @Test
    void logRowsMoveInChunksUpToABoundPerRun() {
        int bound = TierService.LOG_CHUNK * TierService.LOG_CHUNKS_PER_RUN;
        for (int i = 0; i < bound + 7; i++) {
            archive.addLog(NOW.minus(Duration.ofDays(40)).plusMillis(i));
        }
        assertEquals(bound, tier(1000).run().logsArchived());
        assertEquals(7, tier(1000).run().logsArchived());
    }

    @Test
    void anOptedInRetentionDeletesConversationsQuietForLongerArchivedOrNotAndArchivesTheRest() {
        ConversationId ancient = conversation(Duration.ofDays(800), 2, false);
        ConversationId archivedLongAgo = conversation(Duration.ofDays(400), 2, false);
        ConversationId recent = conversation(Duration.ofDays(40), 2, false);
        ConversationId stillWritten = conversation(Duration.ofDays(500), 2, true);
        TierService withRetention = new TierService(archive, new TierService.Settings(Duration.ofDays(30),
                Duration.ofDays(90), Duration.ofDays(365), 1000), clock);
        tier(1).run();
        assertEquals(Set.of(ancient), archive.archived(), "moved before the retention was set");

        TierService.Report report = withRetention.run();

        assertEquals(2, report.conversationsDeleted());
        assertEquals(Set.of(ancient, archivedLongAgo), archive.deleted());
        assertEquals(Set.of(recent), archive.archived(), "what is past the retention is deleted, not archived");
        assertEquals(1, report.conversations());
        assertFalse(archive.deleted().contains(stillWritten), "a reply is still being written");
    }

    @Test
    void settingsThatWouldArchiveOrDeleteEverythingAtOnceAreRefused() {
        Duration day = Duration.ofDays(1);
        assertThrows(IllegalArgumentException.class, () -> new TierService.Settings(Duration.ZERO, day, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new TierService.Settings(day, Duration.ofDays(-1), null, 1));
        assertThrows(IllegalArgumentException.class, () -> new TierService.Settings(day, day, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new TierService.Settings(day, day, null, 0));
    }
}
