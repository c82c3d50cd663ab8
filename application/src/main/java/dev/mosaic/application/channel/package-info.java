/**
 * Channels: the ways people reach the gateway (the WebSocket, HTTP APIs other tools speak, chat
 * networks such as Matrix). Every channel is a {@link dev.mosaic.application.channel.ChannelAdapter}
 * in an inbound adapter; it attributes each message to one Mosaic user ({@link
 * dev.mosaic.application.channel.Identity}), translates it into an {@link
 * dev.mosaic.application.channel.InboundMessage} and relays the conversation's events back in its
 * own shape. See docs/architecture/channel-protocol.md.
 */
package dev.mosaic.application.channel;
