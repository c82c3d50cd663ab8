package dev.mosaic.application.port.out;

import dev.mosaic.domain.agent.AgentId;
import dev.mosaic.domain.conversation.MessageId;
import dev.mosaic.domain.routing.RoutingDecision;
import dev.mosaic.application.Page;
import dev.mosaic.application.PageRequest;
import dev.mosaic.application.view.ConversationSummary;
import dev.mosaic.application.view.RoutedReply;
import dev.mosaic.domain.conversation.ContextCheckpoint;
import dev.mosaic.domain.conversation.Conversation;
import dev.mosaic.domain.conversation.ConversationId;
import dev.mosaic.domain.conversation.Message;
import dev.mosaic.domain.user.UserId;
import java.util.List;
import java.util.Optional;

/** Stored conversations and their messages, always seen through the acting user. */
public interface Conversations {

    void create(UserId actor, Conversation conversation);

    /** Empty when the conversation does not exist or belongs to someone else: the two look alike. */
    Optional<Conversation> find(UserId actor, ConversationId id);

    /** Stores a new message; it must belong to a conversation the actor owns. */
    void append(UserId actor, Message message);

    /**
     * Stores a user's message and the empty start of the assistant reply that answers it, with the
     * routing decision that chose its model, all or nothing; first the conversation itself when it
     * is {@code started} by this message.
     *
     * @param started the new conversation the message begins, empty when it goes to a stored one
     */
    void appendExchange(UserId actor, Optional<Conversation> started, Message question, Message reply,
            RoutingDecision decision);

    /** Replaces the content, status and generation of a stored message of the actor's. */
    void update(UserId actor, Message message);

    /**
     * Replaces the message as {@link #update} does and counts the turns in its conversation's metrics (as
     * {@link ConversationMetrics#recordTurn} would, one after the other) in the same write, so a reply's final
     * update costs no second write. A count never keeps the message from being stored: when the turns cannot be
     * counted, none of them is, and the message is stored alone.
     *
     * @return whether the turns were counted
     * @throws IllegalStateException when the message is not one of the actor's (nothing is stored or counted)
     */
    boolean updateCounting(UserId actor, Message message, List<ConversationMetrics.Turn> turns);

    /** Replaces the routing decision stored with a reply (another model took over). */
    void recordRouting(UserId actor, MessageId reply, RoutingDecision decision);

    /** Every routed reply of the conversation with its decision, oldest first; empty for one that is not the actor's. */
    List<RoutedReply> routing(UserId actor, ConversationId id);


    /** A conversation with a reply still marked streaming: being written, or left behind by a stopped gateway. */
    record StreamingReplies(UserId owner, ConversationId conversation) {}

    /** Every conversation, of any user, with a reply still marked streaming; names them, reads nothing else. */
    List<StreamingReplies> withStreamingReplies();

    /**
     * What a reply in a stored conversation starts from.
     *
     * @param messages every message of the conversation, oldest first
     * @param latestCheckpoint the newest context checkpoint of the conversation, if it has one
     */
    record History(Conversation conversation, List<Message> messages, Optional<ContextCheckpoint> latestCheckpoint) {}

    /**
     * The conversation, every message of it and its newest context checkpoint, read together: what
     * {@link #find}, {@link #messages(UserId, ConversationId)} and the checkpoints' store would say, in one read.
     *
     * @return empty when the conversation does not exist or belongs to someone else
     */
    Optional<History> history(UserId actor, ConversationId id);

    /** Every message of the conversation, oldest first; empty for a conversation that is not the actor's. */
    List<Message> messages(UserId actor, ConversationId id);

    /** One page of the conversation's messages, oldest first. */
    Page<Message> messages(UserId actor, ConversationId id, PageRequest page);

    /** The actor's conversations, most recent activity first; archived ones only when asked for. */
    Page<ConversationSummary> list(UserId actor, boolean archived, PageRequest page);

    /**
     * Pins the model that answers the conversation's next messages; null hands the choice back to routing.
     *
     * @return false when the actor has no such conversation
     */
    boolean pin(UserId actor, ConversationId id, dev.mosaic.domain.routing.RouteTarget model);

    /**
     * Chooses the agent that answers the conversation's next messages; null goes back to the default agent.
     *
     * @return false when the actor has no such conversation
     */
    boolean setAgent(UserId actor, ConversationId id, AgentId agent);

    /** @return false when the actor has no such conversation */
    boolean rename(UserId actor, ConversationId id, String title);

    /** @return false when the actor has no such conversation */
    boolean setArchived(UserId actor, ConversationId id, boolean archived);

    /** Deletes the conversation with all its messages. @return false when the actor has no such conversation */
    boolean delete(UserId actor, ConversationId id);
}
