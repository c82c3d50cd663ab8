package dev.mosaic.application.service;

import dev.mosaic.application.port.out.Archive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntUnaryOperator;
import java.util.logging.Logger;

/**
 * Tier management: moves the messages of conversations quiet for longer than {@code archiveAfter},
 * and agent log rows as old, to the archive, and deletes archived log rows older than
 * {@code logRetention}. Messages are the users' data: they are deleted only when an operator opts in
 * to a {@code messageRetention}, and then with their whole conversation.
 *
 * <p>Each run does a bounded amount of work (the next run goes on where it stopped) and is safe to
 * repeat or to run twice at once: a conversation is moved in one transaction of its own, which
 * skips it when another run holds it or it became active again.
 */
public final class TierService {
    private static final Logger LOG = Logger.getLogger(TierService.class.getName());
    /** Log rows moved or deleted per statement: large enough to be cheap, small enough not to hold locks long. */
    static final int LOG_CHUNK = 5_000;
    /** Statements of log rows per run and per kind, bounding a run as the conversation batch does. */
    static final int LOG_CHUNKS_PER_RUN = 20;
    private static final int PROGRESS_EVERY = 100;

    /**
     * @param archiveAfter how long a conversation (and a log row) stays in the hot tables after its last activity
     * @param logRetention how long after it was written an archived log row is deleted
     * @param messageRetention how long after its last activity a conversation is deleted with its
     *     messages; null (the default) for never
     * @param batch the most conversations one run moves, and the most it deletes
     */
    public record Settings(Duration archiveAfter, Duration logRetention, Duration messageRetention, int batch) {
        public Settings {
            Objects.requireNonNull(archiveAfter, "archiveAfter");
            Objects.requireNonNull(logRetention, "logRetention");
            if (!positive(archiveAfter) || !positive(logRetention) || messageRetention != null && !positive(messageRetention)) {
                throw new IllegalArgumentException("the archive age and the retentions must be positive");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("a run moves at least one conversation, not " + batch);
            }
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    /**
     * What one run did.
     *
     * @param conversations moved; {@code messages} the messages they held
     * @param failed conversations whose move (or deletion) failed and left them as they were
     * @param conversationsDeleted past the retention of messages, with all their messages
     */
    public record Report(int conversations, long messages, int failed, long logsArchived, long logsDeleted,
            int conversationsDeleted) {}

    private final Archive archive;
    private final Settings settings;
    private final Clock clock;

    public TierService(Archive archive, Settings settings, Clock clock) {
        this.archive = archive;
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws IllegalStateException after doing the rest, when some conversation could not be moved or deleted */
    public Report run() {
        Instant now = clock.instant();
        List<RuntimeException> failures = new ArrayList<>();
        // First what is past its retention, so that it is not archived on the way.
        int deleted = settings.messageRetention() == null ? 0
                : deleteQuietSince(now.minus(settings.messageRetention()), failures);
        Instant idleBefore = now.minus(settings.archiveAfter());
        List<Archive.Candidate> due = archive.conversationsToArchive(idleBefore, settings.batch());
        int moved = 0;
        int handled = 0;
        long messages = 0;
        for (Archive.Candidate candidate : due) {
            if (Thread.currentThread().isInterrupted()) {
                break; // timed out or shutting down: what moved stays moved, the next run goes on
            }
            try {
                OptionalInt count = archive.archiveConversation(candidate.owner(), candidate.conversation(), idleBefore);
                if (count.isPresent()) {
                    moved++;
                    messages += count.getAsInt();
                }
            } catch (RuntimeException e) {
                failures.add(e);
                LOG.warning(() -> "tier: conversation " + candidate.conversation() + " stays in the hot tables: " + e);
            }
            if (++handled % PROGRESS_EVERY == 0) {
                int done = handled;
                LOG.info(() -> "tier: " + done + " of " + due.size() + " conversation(s) handled");
            }
        }
        long logsArchived = inChunks(limit -> archive.archiveLogs(idleBefore, limit));
        long logsDeleted = inChunks(limit -> archive.deleteArchivedLogs(now.minus(settings.logRetention()), limit));
        Report report = new Report(moved, messages, failures.size(), logsArchived, logsDeleted, deleted);
        LOG.info(() -> "tier: archived " + report.messages() + " message(s) of " + report.conversations()
                + " conversation(s), " + report.logsArchived() + " log row(s); deleted " + report.logsDeleted()
                + " archived log row(s)" + (settings.messageRetention() == null ? ""
                        : " and " + report.conversationsDeleted() + " conversation(s) past the retention of messages")
                + (due.size() == settings.batch() ? "; more conversations are due" : ""));
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " conversation(s) could not be archived or deleted; the"
                    + " first failure: " + failures.getFirst().getMessage(), failures.getFirst());
        }
        return report;
    }

    private int deleteQuietSince(Instant idleBefore, List<RuntimeException> failures) {
        int deleted = 0;
        for (Archive.Candidate candidate : archive.conversationsQuietSince(idleBefore, settings.batch())) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            try {
                if (archive.deleteConversation(candidate.owner(), candidate.conversation(), idleBefore)) {
                    deleted++;
                }
            } catch (RuntimeException e) {
                failures.add(e);
                LOG.warning(() -> "tier: conversation " + candidate.conversation() + " past its retention stays: " + e);
            }
        }
        return deleted;
    }

    /** @param chunk does up to the limit it is given, and says how much it did */
    private static long inChunks(IntUnaryOperator chunk) {
        long total = 0;
        for (int i = 0; i < LOG_CHUNKS_PER_RUN && !Thread.currentThread().isInterrupted(); i++) {
            int done = chunk.applyAsInt(LOG_CHUNK);
            total += done;
            if (done < LOG_CHUNK) {
                break;
            }
        }
        return total;
    }
}
