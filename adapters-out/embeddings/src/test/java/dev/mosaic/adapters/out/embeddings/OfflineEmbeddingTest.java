package dev.mosaic.adapters.out.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default model embeds on a machine with no network: a fresh JVM in which every host name
 * lookup fails (and is reported) and every socket goes to a proxy that is not there, with empty
 * caches for the native libraries, as on a first start, loads the model and embeds a sentence.
 *
 * <p>The blocking resolver is a service of its own directory ({@code src/test/offline}), put only
 * on the child's class path so that no other test runs without names.
 */
class OfflineEmbeddingTest {
    private static final String LOOKUP = "network lookup attempted: ";

    /** Refuses every name, saying which, so the test can tell that nothing even tried. */
    public static final class NoNetwork extends InetAddressResolverProvider {
        @Override
        public InetAddressResolver get(Configuration configuration) {
            return new InetAddressResolver() {
                @Override
                public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                    System.err.println(LOOKUP + host);
                    throw new UnknownHostException(host + ": no network");
                }

                @Override
                public String lookupByAddress(byte[] address) throws UnknownHostException {
                    System.err.println(LOOKUP + InetAddress.getByAddress(address).getHostAddress());
                    throw new UnknownHostException("no network");
                }
            };
        }

        @Override
        public String name() {
            return "no-network";
        }
    }

    /** The child: loads the default model and prints the size of one sentence's vector. */
    public static void main(String[] args) {
        float[] vector = new OnnxEmbeddingModel().embed(List.of("Offline, the gateway still remembers.")).getFirst().vector();
        System.out.println("dimensions " + vector.length);
    }

    @Test
    void theDefaultModelLoadsAndEmbedsWithNoNetworkAndEmptyCaches(@TempDir Path home) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = Path.of("src/test/offline").toAbsolutePath() + File.pathSeparator
                + System.getProperty("java.class.path");
        Path out = home.resolve("out.txt");
        Process child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Duser.home=" + home, "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")),
                "-DDJL_CACHE_DIR=" + home.resolve("djl"), "-Djna.tmpdir=" + home.resolve("jna"),
                "-DsocksProxyHost=127.0.0.1", "-DsocksProxyPort=9", "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9",
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                "-cp", classPath, OfflineEmbeddingTest.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the child JVM finished");
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), "the child failed:\n" + output);
        assertTrue(output.contains("dimensions " + OnnxEmbeddingModel.DIMENSIONS), output);
        assertFalse(output.contains(LOOKUP), "nothing should have tried the network:\n" + output);
    }
}
