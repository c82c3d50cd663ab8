-- Token counts the gateway estimated itself (the provider reported none, e.g. for an aborted
-- stream), and the look-up that finds replies a stopped gateway left streaming.

ALTER TABLE messages ADD COLUMN usage_estimated boolean NOT NULL DEFAULT false;

-- Conversations with a reply still marked streaming, for the sweep that settles replies whose
-- writer died (ChatService.settleAbandoned). It names owners and conversations, nothing else, and runs
-- as the owner, whom V8's read-only policy lets read messages. The partial index keeps it cheap:
-- at rest no message is streaming.
CREATE INDEX messages_streaming ON messages (conversation_id) WHERE status = 'streaming';

CREATE FUNCTION conversations_with_streaming_replies() RETURNS TABLE (user_id uuid, conversation_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT user_id, conversation_id FROM messages WHERE status = 'streaming' $$;

REVOKE ALL ON FUNCTION conversations_with_streaming_replies() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION conversations_with_streaming_replies() TO "${appUser}";
