package dev.mosaic.architecture.planted.application.service;

import dev.mosaic.architecture.planted.adapters.out.redis.RedisThings;

/** Violation: the application depends on an adapter. */
public final class ServiceUsingAdapter {
    private final RedisThings things = new RedisThings();

    public void run() {
        things.store("x");
    }
}
