package dev.mosaic.architecture.planted.adapters.out.redis;

/** Violation: an adapter reads the environment instead of receiving a typed config record. */
public final class RedisEnvReader {
    public String url() {
        return System.getenv("REDIS_URL");
    }
}
