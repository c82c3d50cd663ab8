package dev.mosaic.architecture.planted.adapters.out.redis;

import java.util.function.UnaryOperator;

/** Violation: the same environment read, through a method reference. */
public final class RedisEnvByReference {
    public String url() {
        UnaryOperator<String> env = System::getenv;
        return env.apply("REDIS_URL");
    }
}
