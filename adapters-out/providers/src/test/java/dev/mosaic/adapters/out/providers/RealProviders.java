package dev.mosaic.adapters.out.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mosaic.application.port.out.provider.ChatRequest;
import dev.mosaic.application.port.out.provider.ProviderReply;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.StopReason;
import java.util.List;

/**
 * For the smoke tests against real providers (tagged {@code real-provider}): they run only where a
 * key or a server is configured, and otherwise say loudly why they did not run, since a skipped
 * test is easy to overlook.
 */
public final class RealProviders {
    public static final String TAG = "real-provider";

    private RealProviders() {}

    /** The variable's value; when it is unset, the test is skipped with a message naming it. */
    public static String require(String variable, String test) {
        String value = System.getenv(variable);
        skipUnless(value != null && !value.isBlank(), variable + " is not set: the " + test + " did not run");
        return value.strip();
    }

    public static String orDefault(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    public static void skipUnless(boolean condition, String why) {
        if (!condition) {
            System.err.println("[" + TAG + "] SKIPPED: " + why);
        }
        assumeTrue(condition, why);
    }

    /** A request for a reply of a word or two, so that a smoke test costs next to nothing. */
    public static ChatRequest pingRequest(String model) {
        return new ChatRequest(model, "Answer with one word.", List.of(ProviderFixtures.user("Say pong.")), 16);
    }

    /** The reply completed, its text is what streamed, and tokens were counted both ways. */
    public static void assertShortReply(ProviderReply reply, ProviderFixtures.Recorder recorder) {
        assertNull(reply.error(), () -> reply.error().message());
        StringBuilder assembled = new StringBuilder();
        for (ContentBlock block : reply.content()) {
            if (block instanceof ContentBlock.Text(String piece)) {
                assembled.append(piece);
            }
        }
        String text = assembled.toString();
        assertFalse(text.isBlank(), "the reply has text: " + reply.content());
        assertEquals(text, recorder.text(), "what streamed is what was assembled");
        assertTrue(reply.stopReason() == StopReason.END_TURN || reply.stopReason() == StopReason.MAX_TOKENS,
                reply.stopReason().wireName());
        assertTrue(reply.usage().inputTokens() > 0 && reply.usage().outputTokens() > 0, reply.usage().toString());
        System.err.println("[" + TAG + "] " + reply.model() + " answered '" + text.strip() + "' (" + reply.usage() + ")");
    }
}
