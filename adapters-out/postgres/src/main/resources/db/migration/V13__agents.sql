-- Agents: stored configurations (a system prompt with skills, a default model or none, the tools
-- they may use, what they are for) that answer a conversation's messages; the agent and version
-- that wrote each reply; the agent each conversation is switched to; and what each conversation
-- has used so far.
--
-- Every edit of an agent is a new version. Messages name the version that wrote them, so versions
-- are never changed or removed, and deleting an agent only marks it deleted.

CREATE TABLE agents (
    id         uuid        PRIMARY KEY,
    -- The user whose own agent it is; null for one of the gateway's.
    owner_id   uuid        REFERENCES users (id) ON DELETE CASCADE,
    -- The gateway's agents share the all-zero key, as system routing rules do (V9).
    owner_key  uuid        GENERATED ALWAYS AS (coalesce(owner_id, '00000000-0000-0000-0000-000000000000')) STORED,
    -- The latest version, and its name (copied from it, so that it can be kept unique).
    version    integer     NOT NULL CHECK (version >= 1),
    name       text        NOT NULL,
    -- Names the seed a gateway agent came from; an admin's edit keeps it, and nothing re-seeds.
    seed_key   text        UNIQUE,
    deleted_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A deleted agent's name is free again.
CREATE UNIQUE INDEX agents_name_unique ON agents (owner_key, name) WHERE deleted_at IS NULL;

CREATE TABLE agent_versions (
    agent_id   uuid        NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    version    integer     NOT NULL CHECK (version >= 1),
    name       text        NOT NULL,
    -- The rest of the domain's AgentDraft, as its AgentTree writes it without the name: the shape of
    -- the REST API's agent body (docs/api.md).
    definition jsonb       NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
    -- When this version was made: the application's time.
    created_at timestamptz NOT NULL,
    PRIMARY KEY (agent_id, version)
);

-- The seed: the agents every user can switch to. The default agent answers conversations no agent
-- was chosen for, with the gateway's usual prompt; none names a model, so routing decides.
INSERT INTO agents (id, seed_key, version, name) VALUES
    ('5aa24d4d-d3f3-419f-84dc-6cccb1976ab4', 'default', 1, 'default'),
    ('6827ebb6-b52f-4a83-b97c-9e438a3244dc', 'coding-agent', 1, 'coding-agent'),
    ('522233ff-ddcc-414a-bfbc-80a8f7f7402e', 'research-bot', 1, 'research-bot'),
    ('7e6f043c-c48d-41b6-aebb-217b02735baf', 'summarizer', 1, 'summarizer');

INSERT INTO agent_versions (agent_id, version, name, created_at, definition) VALUES
    ('5aa24d4d-d3f3-419f-84dc-6cccb1976ab4', 1, 'default', now(), '{
        "description": "The general assistant that answers when no other agent is chosen.",
        "systemPrompt": "You are Mosaic, a helpful assistant. Answer clearly and concisely.",
        "defaultModel": null, "tools": ["conversation_search", "current_time", "memory_search",
        "memory_save_insight", "memory_get_preferences", "memory_save_preference"], "skills": [],
        "capabilities": {"domains": [], "preferredModels": []}, "stepLimit": 20, "toolTimeoutSeconds": 30}'),
    ('6827ebb6-b52f-4a83-b97c-9e438a3244dc', 1, 'coding-agent', now(), '{
        "description": "Reads, writes, reviews and debugs code, looking at your files through your client.",
        "systemPrompt": "You are Mosaic''s coding agent. You help with software: reading, writing, reviewing and debugging code. Before answering questions about the user''s code, look at it with read_file, list_files and grep, and cite paths and line numbers. Prefer small, correct changes over large rewrites, show code in fenced blocks, and say plainly what you have not checked.",
        "defaultModel": null,
        "tools": ["conversation_search", "current_time", "read_file", "list_files", "grep"], "skills": [],
        "capabilities": {"domains": ["frontend", "backend", "devops"], "preferredModels": []},
        "stepLimit": 20, "toolTimeoutSeconds": 30}'),
    ('522233ff-ddcc-414a-bfbc-80a8f7f7402e', 1, 'research-bot', now(), '{
        "description": "Researches a question and answers with organised findings and their sources.",
        "systemPrompt": "You are Mosaic''s research assistant. Answer with organised findings: what is known, what is uncertain, and where each point comes from. Use conversation_search to find what the user discussed before, and current_time when the date matters. Separate facts from your own inferences, and say when you do not know.",
        "defaultModel": null, "tools": ["conversation_search", "current_time"], "skills": [],
        "capabilities": {"domains": ["docs", "general"], "preferredModels": []}, "stepLimit": 20, "toolTimeoutSeconds": 30}'),
    ('7e6f043c-c48d-41b6-aebb-217b02735baf', 1, 'summarizer', now(), '{
        "description": "Summarizes the text or conversation it is given.",
        "systemPrompt": "You summarize. Give the gist first in one or two sentences, then the key points as a short list. Keep names, numbers, dates and decisions exact, keep the author''s meaning, and add nothing that is not in the text.",
        "defaultModel": null, "tools": [], "skills": [],
        "capabilities": {"domains": [], "preferredModels": []}, "stepLimit": 20, "toolTimeoutSeconds": 30}');

-- Row-level security comes after the seed, as for routing rules (V9): everyone reads the gateway's
-- agents and their own; a user writes only their own, an admin also the gateway's. The service
-- checks the same; this keeps a mistake there from leaking or overwriting.
ALTER TABLE agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE agents FORCE ROW LEVEL SECURITY;
CREATE POLICY readable ON agents FOR SELECT
    USING (owner_id IS NULL OR owner_id = mosaic_user_id());
CREATE POLICY own_rows ON agents FOR ALL
    USING (owner_id = mosaic_user_id() OR (owner_id IS NULL AND mosaic_is_admin()))
    WITH CHECK (owner_id = mosaic_user_id() OR (owner_id IS NULL AND mosaic_is_admin()));

-- A version is seen by whoever sees its agent (the look-up is itself under the agents' policies)
-- and added by whoever may write it.
ALTER TABLE agent_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY readable ON agent_versions FOR SELECT
    USING (EXISTS (SELECT 1 FROM agents a WHERE a.id = agent_id));
CREATE POLICY own_rows ON agent_versions FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM agents a WHERE a.id = agent_id
                        AND (a.owner_id = mosaic_user_id() OR (a.owner_id IS NULL AND mosaic_is_admin()))));

-- The agent its owner switched the conversation to (/agent); null for the default agent. Not a
-- foreign key: a conversation whose agent was deleted keeps the id, so that the gateway can tell
-- the agent is gone rather than silently answer as another.
ALTER TABLE conversations ADD COLUMN agent_id uuid;

-- The agent version that wrote an assistant reply; null for other messages and for replies written
-- without one. Versions are never removed, so the key always holds.
ALTER TABLE messages ADD COLUMN agent_id uuid;
ALTER TABLE messages ADD COLUMN agent_version integer;
ALTER TABLE messages ADD CONSTRAINT agent_complete CHECK ((agent_id IS NULL) = (agent_version IS NULL));
ALTER TABLE messages ADD CONSTRAINT messages_agent_version_fkey
    FOREIGN KEY (agent_id, agent_version) REFERENCES agent_versions (agent_id, version);

-- What each conversation has used so far, one row per conversation, added to at every model turn
-- (a reply, or one step of a tool loop). The last turn's model and agent tell whether the next turn
-- switched; costs unknown for some turn leave cost_usd a lower bound, which cost_complete says.
CREATE TABLE conversation_metrics (
    conversation_id     uuid           PRIMARY KEY,
    user_id             uuid           NOT NULL,
    turns               bigint         NOT NULL CHECK (turns >= 1),
    input_tokens        bigint         NOT NULL CHECK (input_tokens >= 0),
    output_tokens       bigint         NOT NULL CHECK (output_tokens >= 0),
    cached_input_tokens bigint         NOT NULL CHECK (cached_input_tokens >= 0),
    cost_usd            numeric(18, 9) NOT NULL CHECK (cost_usd >= 0),
    cost_complete       boolean        NOT NULL,
    model_switches      integer        NOT NULL CHECK (model_switches >= 0),
    agent_switches      integer        NOT NULL CHECK (agent_switches >= 0),
    tool_calls          bigint         NOT NULL CHECK (tool_calls >= 0),
    active_ms           bigint         NOT NULL CHECK (active_ms >= 0),
    last_provider       text           NOT NULL,
    last_model          text           NOT NULL,
    last_agent_id       uuid,
    updated_at          timestamptz    NOT NULL DEFAULT now(),
    -- Only for a conversation of the same user; gone with the conversation.
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversations (id, user_id) ON DELETE CASCADE
);

ALTER TABLE conversation_metrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversation_metrics FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON conversation_metrics
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

-- No DELETE on agents (deleting marks them) and no UPDATE or DELETE on versions (they never change).
GRANT SELECT, INSERT, UPDATE ON agents TO "${appUser}";
GRANT SELECT, INSERT ON agent_versions TO "${appUser}";
GRANT SELECT, INSERT, UPDATE ON conversation_metrics TO "${appUser}";
