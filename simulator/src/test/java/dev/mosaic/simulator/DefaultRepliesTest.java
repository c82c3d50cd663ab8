package dev.mosaic.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultRepliesTest {

    @Test
    void wordsJoinBackToTheExactText() {
        String text = "  Hello,  world!\nSecond line\twith tab ";

        List<String> words = DefaultReplies.words(text);

        assertEquals(List.of("  Hello,", "  world!", "\nSecond", " line", "\twith", " tab "), words);
        assertEquals(text, String.join("", words));
    }

    @Test
    void quotesAreCutWithoutSplittingASurrogatePair() {
        String said = "a".repeat(199) + "😀" + "b";

        assertEquals("a".repeat(199) + "…", DefaultReplies.quote(said));
        assertEquals("short", DefaultReplies.quote("short"));
    }

    @Test
    void commandLineOptionsAreParsed() {
        SimulatorOptions options = SimulatorMain.parse(new String[] {"--port", "0", "--token-delay-ms", "5", "--no-auth"});

        assertEquals(0, options.port());
        assertEquals(Duration.ofMillis(5), options.tokenDelay());
        assertEquals(false, options.requireAuth());
        assertEquals(SimulatorMain.DEFAULT_PORT, SimulatorMain.parse(new String[0]).port());
        assertNull(SimulatorMain.parse(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(new String[] {"--bogus"}));
    }
}
