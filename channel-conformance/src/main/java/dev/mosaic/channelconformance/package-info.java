/**
 * The channel conformance kit: {@link dev.mosaic.channelconformance.ChannelConformance}, the suite
 * every channel of the gateway passes, and the small driver a channel's tests implement to run it
 * through the running gateway and the channel's own client (docs/architecture/channel-protocol.md).
 * It knows nothing of any channel, so it depends on JUnit alone.
 */
package dev.mosaic.channelconformance;
