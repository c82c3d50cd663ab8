package dev.mosaic.application.channel;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Someone as a channel knows them: the channel's name and its own id for them (a Matrix user id
 * such as {@code @ana:example.org}).
 */
public record ChannelUser(String channel, String externalId) {

    static final Pattern CHANNEL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final int MAX_EXTERNAL_ID = 255;

    public ChannelUser {
        requireChannelName(channel);
        Objects.requireNonNull(externalId, "externalId");
        if (externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID) {
            throw new IllegalArgumentException("a channel user id is 1 to " + MAX_EXTERNAL_ID + " characters");
        }
    }

    static String requireChannelName(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (!CHANNEL_NAME.matcher(channel).matches()) {
            throw new IllegalArgumentException("a channel name is lower-case letters, digits and '-', up to 32: " + channel);
        }
        return channel;
    }

    @Override
    public String toString() {
        return channel + ":" + externalId;
    }
}
