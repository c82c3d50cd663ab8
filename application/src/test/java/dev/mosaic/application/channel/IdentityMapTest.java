package dev.mosaic.application.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.domain.user.UserId;
import org.junit.jupiter.api.Test;

class IdentityMapTest {

    private final UserId ana = UserId.random();
    private final UserId ben = UserId.random();
    private final ChannelUser anaOnMatrix = new ChannelUser("matrix", "@ana:example.org");

    @Test
    void aLinkedUserIsKnownAndAnyoneElseIsRefused() {
        IdentityMap map = IdentityMap.empty("matrix").link(anaOnMatrix, ana);

        assertEquals(new Identity.Known(ana), map.resolve(anaOnMatrix));
        Identity stranger = map.resolve(new ChannelUser("matrix", "@eve:example.org"));
        Identity.Refused refused = assertInstanceOf(Identity.Refused.class, stranger);
        assertEquals(ErrorCode.UNAUTHORIZED, refused.why().code());
        assertTrue(refused.why().message().contains("@eve:example.org"), refused.why().message());
    }

    @Test
    void linkingReturnsANewMapAndLeavesTheOldOneAsItWas() {
        IdentityMap before = IdentityMap.empty("matrix");
        IdentityMap after = before.link(anaOnMatrix, ana);

        assertInstanceOf(Identity.Refused.class, before.resolve(anaOnMatrix));
        assertInstanceOf(Identity.Known.class, after.resolve(anaOnMatrix));
        assertInstanceOf(Identity.Refused.class, after.unlink(anaOnMatrix).resolve(anaOnMatrix));
    }

    @Test
    void aChannelUserBelongsToOneMosaicUserAtATime() {
        IdentityMap map = IdentityMap.empty("matrix").link(anaOnMatrix, ana);

        assertEquals(new Identity.Known(ana), map.link(anaOnMatrix, ana).resolve(anaOnMatrix));
        assertThrows(IllegalStateException.class, () -> map.link(anaOnMatrix, ben));
        assertEquals(new Identity.Known(ben), map.unlink(anaOnMatrix).link(anaOnMatrix, ben).resolve(anaOnMatrix));
    }

    @Test
    void oneMosaicUserMayHaveSeveralChannelUsers() {
        ChannelUser anaAtWork = new ChannelUser("matrix", "@ana:work.example");
        IdentityMap map = IdentityMap.empty("matrix").link(anaOnMatrix, ana).link(anaAtWork, ana);

        assertEquals(new Identity.Known(ana), map.resolve(anaAtWork));
        assertEquals(new Identity.Known(ana), map.resolve(anaOnMatrix));
    }

    @Test
    void aUserOfAnotherChannelIsAMistakeNotAStranger() {
        IdentityMap map = IdentityMap.empty("matrix");
        ChannelUser onSlack = new ChannelUser("slack", "U123");

        assertThrows(IllegalArgumentException.class, () -> map.resolve(onSlack));
        assertThrows(IllegalArgumentException.class, () -> map.link(onSlack, ana));
    }

    @Test
    void channelNamesAndUserIdsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> IdentityMap.empty("Matrix"));
        assertThrows(IllegalArgumentException.class, () -> new ChannelUser("matrix", " "));
        assertThrows(IllegalArgumentException.class, () -> new ChannelUser("matrix", "x".repeat(256)));
    }
}
