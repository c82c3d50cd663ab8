package dev.mosaic.architecture.planted.adapters.out.redis;

import dev.mosaic.architecture.planted.application.channel.ChannelAdapter;

/** Violation: a channel in an outbound adapter; channels drive the gateway. */
public final class RedisChannel implements ChannelAdapter {
    @Override
    public void start() {}
}
