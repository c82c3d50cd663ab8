package dev.mosaic.architecture.planted.adapters.out.redis;

import dev.mosaic.architecture.planted.application.port.out.Things;

/** Clean: <Technology><Port>. */
public final class RedisThings implements Things {
    @Override
    public void store(String thing) {}
}
