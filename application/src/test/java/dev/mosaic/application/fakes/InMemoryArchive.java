package dev.mosaic.application.fakes;

import dev.mosaic.application.port.out.Archive;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The archive of storage kept in memory: conversations and log rows are registered with their
 * times, and moving or deleting one only records that it happened. Empty, nothing is ever due.
 */
public final class InMemoryArchive implements Archive {
    private record Stored(UserId owner, ConversationId conversation, Instant lastActivity, int messages, boolean streaming) {}

    private final Map<ConversationId, Stored> conversations = new LinkedHashMap<>();
    private final Set<ConversationId> archived = new HashSet<>();
    private final Set<ConversationId> deleted = new HashSet<>();
    private final Set<ConversationId> failing = new HashSet<>();
    private final List<Instant> logs = new ArrayList<>();
    private final List<Instant> archivedLogs = new ArrayList<>();

    public synchronized void addConversation(UserId owner, ConversationId conversation, Instant lastActivity, int messages,
            boolean streaming) {
        conversations.put(conversation, new Stored(owner, conversation, lastActivity, messages, streaming));
    }

    /** Its move or deletion fails, as when the database refuses it. */
    public synchronized void failOn(ConversationId conversation) {
        failing.add(conversation);
    }

    public synchronized void addLog(Instant at) {
        logs.add(at);
    }

    public synchronized void addArchivedLog(Instant at) {
        archivedLogs.add(at);
    }

    public synchronized Set<ConversationId> archived() {
        return Set.copyOf(archived);
    }

    public synchronized Set<ConversationId> deleted() {
        return Set.copyOf(deleted);
    }

    public synchronized int hotLogs() {
        return logs.size();
    }

    public synchronized List<Instant> archivedLogs() {
        return List.copyOf(archivedLogs);
    }

    private List<Candidate> quiet(Instant idleBefore, int limit, Predicate<Stored> also) {
        return conversations.values().stream().filter(c -> c.lastActivity().isBefore(idleBefore) && !c.streaming())
                .filter(also).sorted(Comparator.comparing(Stored::lastActivity)).limit(limit)
                .map(c -> new Candidate(c.owner(), c.conversation())).toList();
    }

    /** The owner's conversation, if it is quiet since before the moment with nothing streaming. */
    private Stored quietOne(UserId owner, ConversationId conversation, Instant idleBefore) {
        Stored found = conversations.get(conversation);
        boolean quiet = found != null && found.owner().equals(owner) && !found.streaming()
                && found.lastActivity().isBefore(idleBefore);
        if (quiet && failing.contains(conversation)) {
            throw new IllegalStateException("refused to touch " + conversation);
        }
        return quiet ? found : null;
    }

    @Override
    public synchronized List<Candidate> conversationsToArchive(Instant idleBefore, int limit) {
        return quiet(idleBefore, limit, c -> !archived.contains(c.conversation()));
    }

    @Override
    public synchronized OptionalInt archiveConversation(UserId owner, ConversationId conversation, Instant idleBefore) {
        Stored found = quietOne(owner, conversation, idleBefore);
        if (found == null || archived.contains(conversation)) {
            return OptionalInt.empty();
        }
        archived.add(conversation);
        return OptionalInt.of(found.messages());
    }

    @Override
    public synchronized List<Candidate> conversationsQuietSince(Instant idleBefore, int limit) {
        return quiet(idleBefore, limit, c -> true);
    }

    @Override
    public synchronized boolean deleteConversation(UserId owner, ConversationId conversation, Instant idleBefore) {
        if (quietOne(owner, conversation, idleBefore) == null) {
            return false;
        }
        conversations.remove(conversation);
        archived.remove(conversation);
        deleted.add(conversation);
        return true;
    }

    @Override
    public synchronized int archiveLogs(Instant loggedBefore, int limit) {
        List<Instant> due = logs.stream().filter(at -> at.isBefore(loggedBefore)).sorted().limit(limit).toList();
        due.forEach(logs::remove);
        archivedLogs.addAll(due);
        return due.size();
    }

    @Override
    public synchronized int deleteArchivedLogs(Instant loggedBefore, int limit) {
        List<Instant> due = archivedLogs.stream().filter(at -> at.isBefore(loggedBefore)).sorted().limit(limit).toList();
        due.forEach(archivedLogs::remove);
        return due.size();
    }
}
