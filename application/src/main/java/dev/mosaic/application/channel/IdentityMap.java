package dev.mosaic.application.channel;

import dev.mosaic.application.ErrorCode;
import dev.mosaic.application.Rejection;
import dev.mosaic.domain.user.UserId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The links between one channel's users and Mosaic users, for channels whose users do not present
 * a Mosaic token (Matrix, chat bots): a link is made by token linking or by an accepted invitation,
 * never by a first message. Immutable; {@link #link} returns a new map.
 *
 * <p>A channel user maps to at most one Mosaic user; a Mosaic user may have several channel users
 * (a phone and a desktop account).
 */
public final class IdentityMap {

    private final String channel;
    private final Map<String, UserId> links;

    private IdentityMap(String channel, Map<String, UserId> links) {
        this.channel = channel;
        this.links = Map.copyOf(links);
    }

    /** No links yet. */
    public static IdentityMap empty(String channel) {
        return new IdentityMap(ChannelUser.requireChannelName(channel), Map.of());
    }

    public String channel() {
        return channel;
    }

    /**
     * This map with {@code who} linked to {@code user}. Linking again to the same user changes
     * nothing; a channel user already linked to someone else must be unlinked first.
     */
    public IdentityMap link(ChannelUser who, UserId user) {
        Objects.requireNonNull(user, "user");
        requireThisChannel(who);
        UserId linked = links.get(who.externalId());
        if (linked != null && !linked.equals(user)) {
            throw new IllegalStateException(who + " is linked to another Mosaic user; unlink it first");
        }
        Map<String, UserId> next = new HashMap<>(links);
        next.put(who.externalId(), user);
        return new IdentityMap(channel, next);
    }

    public IdentityMap unlink(ChannelUser who) {
        requireThisChannel(who);
        Map<String, UserId> next = new HashMap<>(links);
        next.remove(who.externalId());
        return new IdentityMap(channel, next);
    }

    /** The Mosaic user {@code who} is linked to; anyone else is refused. */
    public Identity resolve(ChannelUser who) {
        requireThisChannel(who);
        UserId user = links.get(who.externalId());
        return user != null ? new Identity.Known(user) : new Identity.Refused(new Rejection(ErrorCode.UNAUTHORIZED,
                who + " is not linked to a Mosaic user: link it with a Mosaic token or accept an invitation"));
    }

    private void requireThisChannel(ChannelUser who) {
        Objects.requireNonNull(who, "who");
        if (!who.channel().equals(channel)) {
            throw new IllegalArgumentException(who + " is not a user of the " + channel + " channel");
        }
    }
}
