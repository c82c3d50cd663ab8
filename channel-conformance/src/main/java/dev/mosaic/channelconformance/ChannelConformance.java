package dev.mosaic.channelconformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every channel of the gateway must do, whatever its shape. A channel's test class extends it
 * and supplies a {@link ChannelDriver} for a running gateway.
 */
public abstract class ChannelConformance {

    private static final List<String> COUNTING = List.of("one ", "two ", "three ", "four ", "five ", "six ",
            "seven ", "eight ");

    protected abstract ChannelDriver driver();

    @Test
    void aMessageIsStoredAndAnswered() throws Exception {
        try (Participant ana = driver().newParticipant()) {
            driver().nextAnswer(List.of("Hello ", "from ", "the ", "gateway."), Duration.ZERO);

            Exchange exchange = ana.send(null, "hello?");

            assertNull(exchange.errorCode(), "refused: " + exchange.errorCode());
            assertEquals("complete", exchange.status());
            assertEquals("Hello from the gateway.", exchange.text());
            assertEquals(List.of(new Stored.Turn("user", "hello?", "complete"),
                    new Stored.Turn("assistant", "Hello from the gateway.", "complete")),
                    ana.open(exchange.conversationId()).turns());
        }
    }

    @Test
    void theAnswerArrivesStreamedOrWholeAsTheChannelSays() throws Exception {
        try (Participant ana = driver().newParticipant()) {
            driver().nextAnswer(List.of("a ", "growing ", "answer"), Duration.ofMillis(20));

            Exchange exchange = ana.send(null, "say something");

            assertEquals("a growing answer", exchange.text());
            if (driver().streams()) {
                assertTrue(exchange.pieces().size() > 1, "a streaming channel relays the pieces: " + exchange.pieces());
            } else {
                assertEquals(1, exchange.pieces().size(), "a channel without streaming sends the answer whole");
            }
        }
    }

    @Test
    void aConversationGoesOnWithItsId() throws Exception {
        try (Participant ana = driver().newParticipant()) {
            driver().nextAnswer(List.of("first"), Duration.ZERO);
            String conversation = ana.send(null, "one").conversationId();
            driver().nextAnswer(List.of("second"), Duration.ZERO);

            Exchange next = ana.send(conversation, "two");

            assertEquals(conversation, next.conversationId());
            assertEquals(List.of("one", "first", "two", "second"),
                    ana.open(conversation).turns().stream().map(Stored.Turn::text).toList());
        }
    }

    @Test
    void anAbortKeepsWhatArrivedAsPartial() throws Exception {
        assumeTrue(driver().canAbort(), "this channel's clients cannot stop an answer under way");
        try (Participant ana = driver().newParticipant()) {
            driver().nextAnswer(COUNTING, Duration.ofMillis(300));

            Exchange exchange = ana.sendAndAbort(null, "count slowly");

            assertEquals("partial", exchange.status());
            assertEquals("aborted", exchange.errorCode());
            assertTrue(exchange.text().startsWith("one "), exchange.text());
            assertFalse(exchange.text().contains("eight"), exchange.text());
            // A channel whose clients stop an answer by leaving (closing an HTTP stream) learns it only
            // when a write fails, so the gateway may have stored a little more than the client saw.
            Stored.Turn answer = ana.open(exchange.conversationId()).turns().getLast();
            assertEquals("assistant", answer.role());
            assertEquals("partial", answer.status());
            assertTrue(answer.text().startsWith(exchange.text()), answer.text());
            assertFalse(answer.text().contains("eight"), answer.text());
        }
    }

    @Test
    void badInputComesBackWithTheGatewaysCode() throws Exception {
        try (Participant ana = driver().newParticipant()) {
            assertEquals("invalid_input", ana.send(null, "  ").errorCode());
            String unknown = UUID.randomUUID().toString();
            assertEquals("not_found", ana.send(unknown, "hello").errorCode());
            assertEquals("not_found", ana.open(unknown).errorCode());
        }
    }

    @Test
    void aStrangerIsRefusedAndGetsNoConversation() throws Exception {
        try (Participant stranger = driver().stranger()) {
            Exchange exchange = stranger.send(null, "let me in");

            assertEquals("unauthorized", exchange.errorCode());
            assertNull(exchange.conversationId());
            assertTrue(exchange.pieces().isEmpty());
        }
    }

    @Test
    void oneUserNeverSeesContinuesOrChangesAnothersConversation() throws Exception {
        try (Participant ana = driver().newParticipant(); Participant ben = driver().newParticipant()) {
            driver().nextAnswer(List.of("for Ana only"), Duration.ZERO);
            String anas = ana.send(null, "my secret").conversationId();
            assertNotNull(anas);

            assertEquals("not_found", ben.open(anas).errorCode());
            assertEquals("not_found", ben.send(anas, "let me in").errorCode());
            assertEquals(List.of("my secret", "for Ana only"),
                    ana.open(anas).turns().stream().map(Stored.Turn::text).toList());
        }
    }
}
