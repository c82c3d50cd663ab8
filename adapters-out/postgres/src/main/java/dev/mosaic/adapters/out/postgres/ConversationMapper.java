package dev.mosaic.adapters.out.postgres;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL for {@link MyBatisConversations}; every statement runs inside a {@link UserScope}. */
interface ConversationMapper {

    record ConversationRow(UUID id, UUID userId, String title, Instant createdAt, String pinnedProvider,
            String pinnedModel, UUID agentId) {}

    /**
     * A message as stored; the generation columns are all null for messages without one, the agent
     * columns for a reply written without an agent. {@code agentName} is read from the agent's version.
     */
    record MessageRow(
            UUID id, UUID conversationId, UUID userId, String role, String status, String content,
            String provider, String model, Long inputTokens, Long outputTokens, Long cachedInputTokens,
            String stopReason, Long timeToFirstTokenMs, Long durationMs, String errorCode, String errorMessage,
            BigDecimal costUsd, Instant createdAt, Boolean usageEstimated, UUID agentId, Integer agentVersion,
            String agentName) {}

    /**
     * What a message read back holds, with the name of the agent version that wrote it; from the hot
     * table and the archive alike (V16), as every read of a conversation's messages.
     */
    String MESSAGE_COLUMNS = """
            select m.id, m.conversation_id, m.user_id, m.role, m.status, m.content,
                m.provider, m.model, m.input_tokens, m.output_tokens, m.cached_input_tokens,
                m.stop_reason, m.time_to_first_token_ms, m.duration_ms, m.error_code, m.error_message, m.cost_usd,
                m.created_at, m.usage_estimated, m.agent_id, m.agent_version, v.name as agent_name
            from all_messages m
            left join agent_versions v on v.agent_id = m.agent_id and v.version = m.agent_version
            """;

    @Insert("""
            insert into conversations (id, user_id, title, created_at, last_activity_at, agent_id)
            values (#{id}, #{userId}, #{title}, #{createdAt}, #{createdAt}, #{agentId})""")
    int insertConversation(ConversationRow row);

    @Select("""
            select id, user_id, title, created_at, pinned_provider, pinned_model, agent_id
            from conversations
            where id = #{id} and user_id = #{actor}""")
    ConversationRow findConversation(UUID actor, UUID id);

    @Update("""
            update conversations set pinned_provider = #{provider}, pinned_model = #{model}, updated_at = now()
            where id = #{id} and user_id = #{actor}""")
    int pin(UUID actor, UUID id, String provider, String model);

    @Update("""
            update conversations set agent_id = #{agent}, updated_at = now()
            where id = #{id} and user_id = #{actor}""")
    int setAgent(UUID actor, UUID id, UUID agent);

    @Update("""
            update messages set routing = cast(#{routing} as jsonb), updated_at = now()
            where id = #{id} and user_id = #{actor} and role = 'assistant'""")
    int recordRouting(UUID actor, UUID id, String routing);

    record StreamingRow(UUID userId, UUID conversationId) {}

    /** Runs as no one in particular, through the owner's SECURITY DEFINER function. */
    @Select("select user_id, conversation_id from conversations_with_streaming_replies()")
    List<StreamingRow> withStreamingReplies();

    record RoutingRow(UUID id, Instant createdAt, String provider, String model, String routing) {}

    @Select("""
            select id, created_at, provider, model, routing
            from all_messages
            where conversation_id = #{conversationId} and user_id = #{actor} and routing is not null
            order by position""")
    List<RoutingRow> routing(UUID actor, UUID conversationId);

    @Insert("""
            insert into messages (id, conversation_id, user_id, role, status, content,
                provider, model, input_tokens, output_tokens, cached_input_tokens,
                stop_reason, time_to_first_token_ms, duration_ms, error_code, error_message, cost_usd, created_at,
                usage_estimated, agent_id, agent_version)
            values (#{id}, #{conversationId}, #{userId}, #{role}, #{status}, cast(#{content} as jsonb),
                #{provider}, #{model}, #{inputTokens}, #{outputTokens}, #{cachedInputTokens},
                #{stopReason}, #{timeToFirstTokenMs}, #{durationMs}, #{errorCode}, #{errorMessage}, #{costUsd}, #{createdAt},
                #{usageEstimated}, #{agentId}, #{agentVersion})""")
    int insertMessage(MessageRow row);

    /** A question and the started reply that answers it, with its routing decision, in this order. */
    String INSERT_EXCHANGE = """
            insert into messages (id, conversation_id, user_id, role, status, content,
                provider, model, input_tokens, output_tokens, cached_input_tokens,
                stop_reason, time_to_first_token_ms, duration_ms, error_code, error_message, cost_usd, created_at,
                usage_estimated, agent_id, agent_version, routing)
            values (#{question.id}, #{question.conversationId}, #{question.userId}, #{question.role}, #{question.status},
                cast(#{question.content} as jsonb), #{question.provider}, #{question.model}, #{question.inputTokens},
                #{question.outputTokens}, #{question.cachedInputTokens}, #{question.stopReason}, #{question.timeToFirstTokenMs},
                #{question.durationMs}, #{question.errorCode}, #{question.errorMessage}, #{question.costUsd}, #{question.createdAt},
                #{question.usageEstimated}, #{question.agentId}, #{question.agentVersion}, null),
                (#{reply.id}, #{reply.conversationId}, #{reply.userId}, #{reply.role}, #{reply.status},
                cast(#{reply.content} as jsonb), #{reply.provider}, #{reply.model}, #{reply.inputTokens},
                #{reply.outputTokens}, #{reply.cachedInputTokens}, #{reply.stopReason}, #{reply.timeToFirstTokenMs},
                #{reply.durationMs}, #{reply.errorCode}, #{reply.errorMessage}, #{reply.costUsd}, #{reply.createdAt},
                #{reply.usageEstimated}, #{reply.agentId}, #{reply.agentVersion}, cast(#{routing} as jsonb))
            """;

    /** {@link #INSERT_EXCHANGE} in one statement into a stored conversation, whose last activity moves on to the reply. */
    @Update("with inserted as (" + INSERT_EXCHANGE + """
                returning created_at)
            update conversations
            set updated_at = now(), last_activity_at = greatest(last_activity_at, (select max(created_at) from inserted))
            where id = #{question.conversationId} and user_id = #{actor}""")
    int insertExchange(UUID actor, MessageRow question, MessageRow reply, String routing);

    /**
     * {@link #INSERT_EXCHANGE} into a conversation the same statement creates; the foreign key of
     * the messages is checked at the end of the statement, when the conversation is there.
     */
    @Insert("""
            with started as (
                insert into conversations (id, user_id, title, created_at, last_activity_at, agent_id)
                values (#{conversation.id}, #{conversation.userId}, #{conversation.title}, #{conversation.createdAt},
                    greatest(cast(#{conversation.createdAt} as timestamptz), cast(#{reply.createdAt} as timestamptz)),
                    #{conversation.agentId})
                returning id)
            """ + INSERT_EXCHANGE)
    int insertConversationWithExchange(ConversationRow conversation, MessageRow question, MessageRow reply,
            String routing);

    @Update("""
            update conversations set updated_at = now(), last_activity_at = greatest(last_activity_at, #{at})
            where id = #{id} and user_id = #{actor}""")
    int recordActivity(UUID actor, UUID id, Instant at);

    record SummaryRow(UUID id, String title, Instant createdAt, Instant lastActivityAt, long messageCount,
            boolean archived) {}

    @Select("""
            select c.id, c.title, c.created_at, c.last_activity_at,
                (select count(*) from all_messages m
                 where m.conversation_id = c.id and m.user_id = c.user_id) as message_count,
                c.archived_at is not null as archived
            from conversations c
            where c.user_id = #{actor} and (c.archived_at is not null) = #{archived}
            order by c.last_activity_at desc, c.id
            limit #{limit} offset #{offset}""")
    List<SummaryRow> list(UUID actor, boolean archived, int limit, long offset);

    @Select("""
            select count(*) from conversations
            where user_id = #{actor} and (archived_at is not null) = #{archived}""")
    long countConversations(UUID actor, boolean archived);

    @Update("""
            update conversations set title = #{title}, updated_at = now()
            where id = #{id} and user_id = #{actor}""")
    int rename(UUID actor, UUID id, String title);

    @Update("""
            update conversations
            set archived_at = case when #{archived} then coalesce(archived_at, now()) end, updated_at = now()
            where id = #{id} and user_id = #{actor}""")
    int setArchived(UUID actor, UUID id, boolean archived);

    /** Messages go with their conversation (the foreign key cascades), and their search entries with them. */
    @Delete("""
            delete from conversations where id = #{id} and user_id = #{actor}""")
    int delete(UUID actor, UUID id);

    @Update("""
            update messages set
                status = #{row.status}, content = cast(#{row.content} as jsonb),
                provider = #{row.provider}, model = #{row.model}, input_tokens = #{row.inputTokens},
                output_tokens = #{row.outputTokens}, cached_input_tokens = #{row.cachedInputTokens},
                stop_reason = #{row.stopReason}, time_to_first_token_ms = #{row.timeToFirstTokenMs},
                duration_ms = #{row.durationMs}, error_code = #{row.errorCode}, error_message = #{row.errorMessage},
                cost_usd = #{row.costUsd}, usage_estimated = #{row.usageEstimated},
                agent_id = #{row.agentId}, agent_version = #{row.agentVersion}, updated_at = now()
            where id = #{row.id} and conversation_id = #{row.conversationId} and user_id = #{actor}""")
    int updateMessage(UUID actor, MessageRow row);

    @Select(MESSAGE_COLUMNS + """
            where m.conversation_id = #{conversationId} and m.user_id = #{actor}
            order by m.position""")
    List<MessageRow> messages(UUID actor, UUID conversationId);

    @Select(MESSAGE_COLUMNS + """
            where m.conversation_id = #{conversationId} and m.user_id = #{actor}
            order by m.position
            limit #{limit} offset #{offset}""")
    List<MessageRow> messagePage(UUID actor, UUID conversationId, int limit, long offset);

    @Select("select count(*) from all_messages where conversation_id = #{conversationId} and user_id = #{actor}")
    long countMessages(UUID actor, UUID conversationId);
}
