package dev.mosaic.application.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.port.out.ReplyLeases;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link ReplyLeases} must do. */
public abstract class ReplyLeasesContract {

    protected abstract ReplyLeases leases();

    private final UserId owner = UserId.random();
    private final ConversationId conversation = ConversationId.random();

    @Test
    void aConversationHasOneLeaseAtATime() {
        ReplyLeases leases = leases();
        Optional<ReplyLeases.Lease> first = leases.acquire(owner, conversation);
        assertTrue(first.isPresent());
        assertTrue(leases.isHeld(owner, conversation));
        assertTrue(leases.acquire(owner, conversation).isEmpty());

        first.get().close();
        assertFalse(leases.isHeld(owner, conversation));
        Optional<ReplyLeases.Lease> again = leases.acquire(owner, conversation);
        assertTrue(again.isPresent());
        again.get().close();
    }

    @Test
    void leasesOfOtherConversationsAndUsersAreIndependent() {
        ReplyLeases leases = leases();
        ReplyLeases.Lease mine = leases.acquire(owner, conversation).orElseThrow();
        try {
            Optional<ReplyLeases.Lease> otherConversation = leases.acquire(owner, ConversationId.random());
            Optional<ReplyLeases.Lease> otherUser = leases.acquire(UserId.random(), conversation);
            assertTrue(otherConversation.isPresent());
            assertTrue(otherUser.isPresent());
            otherConversation.get().close();
            otherUser.get().close();
            assertFalse(leases.isHeld(UserId.random(), conversation));
        } finally {
            mine.close();
        }
    }

    @Test
    void closingTwiceDoesNotReleaseSomeoneElsesLease() {
        ReplyLeases leases = leases();
        ReplyLeases.Lease first = leases.acquire(owner, conversation).orElseThrow();
        first.close();
        ReplyLeases.Lease second = leases.acquire(owner, conversation).orElseThrow();
        first.close();
        assertTrue(leases.isHeld(owner, conversation));
        second.close();
    }
}
