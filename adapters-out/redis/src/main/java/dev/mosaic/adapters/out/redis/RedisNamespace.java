package dev.mosaic.adapters.out.redis;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The prefix of every key and channel of one deployment. Pub/sub channels belong to the whole
 * Redis server, whichever database a client selected, so two deployments sharing a server keep
 * their abort signals apart only by this prefix; keys carry it too, so one prefix is the whole
 * deployment's space.
 */
public record RedisNamespace(String prefix) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A colon would let one prefix reach into another's names. */
    public RedisNamespace {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a Redis prefix is 1-64 letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit, not '" + prefix + "'");
        }
    }

    /** {@code <prefix>:<part>:<part>…} */
    String name(Object... parts) {
        return prefix + ":" + Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(":"));
    }
}
