package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.application.channel.ChannelAdapter;

/** Compliant: a channel in an inbound adapter, named after what it speaks. */
public final class ChatChannel implements ChannelAdapter {
    @Override
    public void start() {}
}
