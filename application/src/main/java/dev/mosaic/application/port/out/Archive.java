package dev.mosaic.application.port.out;

import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * The cold tier: where the messages of long-quiet conversations and old agent log rows are moved.
 * Everything that reads messages (history, search, resume) reads archived ones too, so a move
 * changes where rows are kept, never what anyone sees.
 */
public interface Archive {

    /** A conversation whose messages are due to move. */
    record Candidate(UserId owner, ConversationId conversation) {}

    /**
     * Conversations of every user, quiet since before {@code idleBefore}, with messages not yet in
     * the archive and no reply streaming; oldest activity first. Ids only: each is moved as its owner.
     */
    List<Candidate> conversationsToArchive(Instant idleBefore, int limit);

    /**
     * Moves every message of the owner's conversation to the archive, all or nothing, if it is still
     * quiet since before {@code idleBefore}, has no reply streaming, and no other run is moving it.
     *
     * @return how many messages moved; empty when the conversation was left as it was
     */
    OptionalInt archiveConversation(UserId owner, ConversationId conversation, Instant idleBefore);

    /**
     * Conversations of every user quiet since before {@code idleBefore}, with no reply streaming,
     * oldest activity first: those the opt-in retention of messages deletes. Ids only.
     */
    List<Candidate> conversationsQuietSince(Instant idleBefore, int limit);

    /**
     * Deletes the owner's conversation with all its messages, hot and archived, if it is still quiet
     * since before {@code idleBefore}, has no reply streaming, and no other run holds it.
     *
     * @return whether it was deleted
     */
    boolean deleteConversation(UserId owner, ConversationId conversation, Instant idleBefore);

    /** Moves up to {@code limit} agent log rows written before {@code loggedBefore}; @return how many */
    int archiveLogs(Instant loggedBefore, int limit);

    /** Deletes up to {@code limit} archived agent log rows written before {@code loggedBefore}; @return how many */
    int deleteArchivedLogs(Instant loggedBefore, int limit);
}
