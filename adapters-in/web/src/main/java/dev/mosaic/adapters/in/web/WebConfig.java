package dev.mosaic.adapters.in.web;

/**
 * @param host the address to listen on
 * @param port 0 for a random free port
 * @param maxFrameBytes the largest client message accepted; larger ones are refused with {@code frame_too_large}
 * @param maxBodyBytes the largest REST request body accepted; larger ones are refused with {@code 413} unread
 */
public record WebConfig(String host, int port, int maxFrameBytes, int maxBodyBytes) {
    public WebConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
        }
    }
}
