package dev.mosaic.architecture.planted.application.channel;

/** The channel port, as in production. */
public interface ChannelAdapter {
    void start();
}
