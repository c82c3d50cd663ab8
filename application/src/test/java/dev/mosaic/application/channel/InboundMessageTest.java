package dev.mosaic.application.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mosaic.application.port.in.ClientToolListener;
import dev.mosaic.application.port.in.SendMessageCommand;
import dev.mosaic.domain.conversation.ContentBlock;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundMessageTest {

    private final UserId ana = UserId.random();

    @Test
    void becomesTheGatewaysCommandWithItsBlocksAsParagraphs() {
        ConversationId conversation = ConversationId.random();
        InboundMessage message = new InboundMessage("matrix", ana, Optional.of(conversation),
                List.of(new ContentBlock.Text("first"), new ContentBlock.Text("second")), "$event",
                Map.of("matrix.room_id", "!room:example.org"));

        SendMessageCommand command = message.toCommand(ClientToolListener.NONE);

        assertEquals(ana, command.actor());
        assertEquals(Optional.of(conversation), command.conversationId());
        assertEquals("first\n\nsecond", command.text());
        assertEquals("$event", command.requestId());
        assertSame(ClientToolListener.NONE, command.clientTools());
    }

    @Test
    void aPersonSendsTextOnly() {
        assertThrows(IllegalArgumentException.class, () -> new InboundMessage("websocket", ana, Optional.empty(),
                List.of(new ContentBlock.ToolResult("call_1", "42", false)), null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new InboundMessage("websocket", ana, Optional.empty(),
                List.of(new ContentBlock.Thinking("hm", null)), null, Map.of()));
    }

    @Test
    void emptyBlankAndIllFormedTextIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new InboundMessage("websocket", ana, Optional.empty(), List.of(), null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> InboundMessage.text("websocket", ana, Optional.empty(), " \n", null));
        assertThrows(IllegalArgumentException.class, () -> InboundMessage.text("websocket", ana, Optional.empty(), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> InboundMessage.text("websocket", ana, Optional.empty(), "half \ud800 a pair", null));
        assertEquals("a whole pair \ud83d\ude00",
                InboundMessage.text("websocket", ana, Optional.empty(), "a whole pair \ud83d\ude00", null).text());
    }

    @Test
    void metadataIsNamespacedByTheChannelItCameThrough() {
        assertThrows(IllegalArgumentException.class, () -> new InboundMessage("matrix", ana, Optional.empty(),
                List.of(new ContentBlock.Text("hi")), null, Map.of("slack.thread_ts", "1")));
        assertThrows(IllegalArgumentException.class, () -> new InboundMessage("matrix", ana, Optional.empty(),
                List.of(new ContentBlock.Text("hi")), null, Map.of("matrix.", "1")));
        assertThrows(IllegalArgumentException.class, () -> new InboundMessage("matrix", ana, Optional.empty(),
                List.of(new ContentBlock.Text("hi")), null, Map.of("matrix.Room Id", "1")));
    }

    @Test
    void theSenderAndTheChannelAreRequired() {
        assertThrows(NullPointerException.class, () -> InboundMessage.text("websocket", null, Optional.empty(), "hi", null));
        assertThrows(IllegalArgumentException.class, () -> InboundMessage.text("Web Socket", ana, Optional.empty(), "hi", null));
    }
}
