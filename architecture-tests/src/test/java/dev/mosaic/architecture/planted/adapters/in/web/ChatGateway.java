package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.application.channel.ChannelAdapter;

/** Violation: a channel not named *Channel. */
public final class ChatGateway implements ChannelAdapter {
    @Override
    public void start() {}
}
