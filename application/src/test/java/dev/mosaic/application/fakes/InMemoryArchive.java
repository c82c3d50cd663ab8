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

/**
 * The archive of storage kept in memory: conversations and log rows are registered with their
 * times, and moving one only records that it moved. Empty, nothing is ever due.
 */
public final class InMemoryArchive implements Archive {
    private record Hot(UserId owner, ConversationId conversation, Instant lastActivity, int messages, boolean streaming) {}

    private final Map<ConversationId, Hot> hot = new LinkedHashMap<>();
    private final Set<ConversationId> archived = new HashSet<>();
    private final Set<ConversationId> failing = new HashSet<>();
    private final List<Instant> logs = new ArrayList<>();
    private final List<Instant> archivedLogs = new ArrayList<>();

    public synchronized void addConversation(UserId owner, ConversationId conversation, Instant lastActivity, int messages,
            boolean streaming) {
        hot.put(conversation, new Hot(owner, conversation, lastActivity, messages, streaming));
    }

    /** Its move fails, as when the database refuses it. */
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

    public synchronized int hotLogs() {
        return logs.size();
    }

    public synchronized List<Instant> archivedLogs() {
        return List.copyOf(archivedLogs);
    }

    @Override
    public synchronized List<Candidate> conversationsToArchive(Instant idleBefore, int limit) {
        return hot.values().stream().filter(h -> h.lastActivity().isBefore(idleBefore) && !h.streaming())
                .sorted(Comparator.comparing(Hot::lastActivity)).limit(limit)
                .map(h -> new Candidate(h.owner(), h.conversation())).toList();
    }

    @Override
    public synchronized OptionalInt archiveConversation(UserId owner, ConversationId conversation, Instant idleBefore) {
        Hot found = hot.get(conversation);
        if (found == null || !found.owner().equals(owner) || found.streaming() || !found.lastActivity().isBefore(idleBefore)) {
            return OptionalInt.empty();
        }
        if (failing.contains(conversation)) {
            throw new IllegalStateException("refused to move " + conversation);
        }
        hot.remove(conversation);
        archived.add(conversation);
        return OptionalInt.of(found.messages());
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
