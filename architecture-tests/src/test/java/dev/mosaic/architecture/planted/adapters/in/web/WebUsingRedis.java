package dev.mosaic.architecture.planted.adapters.in.web;

import dev.mosaic.architecture.planted.adapters.out.redis.RedisThings;

/** Violation: an inbound adapter depends on an outbound adapter. */
public final class WebUsingRedis {
    public void handle() {
        new RedisThings().store("x");
    }
}
