package dev.mosaic.adapters.out.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RedisNamespaceTest {

    @Test
    void namesBeginWithThePrefix() {
        assertEquals("staging-2:reply-lease:a:b", new RedisNamespace("staging-2").name("reply-lease", "a", "b"));
    }

    @Test
    void aPrefixIsOneWordWithoutColons() {
        for (String bad : new String[] {"", " ", "a:b", "-lead", "with space", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class, () -> new RedisNamespace(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new RedisNamespace(null));
    }
}
