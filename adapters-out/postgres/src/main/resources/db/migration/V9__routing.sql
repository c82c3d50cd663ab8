-- Task-aware routing: user roles, routing rules (the system's, seeded below, and each user's own),
-- the model a conversation is pinned to with /model, and the routing decision of every reply.

ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user'));
-- The local user that ./mosaic start creates is the machine owner's: an admin.
UPDATE users SET role = 'admin' WHERE username = 'local';

-- Whether the acting user is an admin; an unknown or unset user is not. It reads the actor's own
-- row, which the users policy lets it see.
CREATE FUNCTION mosaic_is_admin() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce((SELECT role = 'admin' FROM users WHERE id = mosaic_user_id()), false) $$;

CREATE TABLE routing_rules (
    id         uuid        PRIMARY KEY,
    -- The user whose own rule it is; null for a system rule.
    owner_id   uuid        REFERENCES users (id) ON DELETE CASCADE,
    -- Priorities and names are unique per owner; system rules share the all-zero key.
    owner_key  uuid        GENERATED ALWAYS AS (coalesce(owner_id, '00000000-0000-0000-0000-000000000000')) STORED,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    priority   integer     NOT NULL CHECK (priority BETWEEN 1 AND 9999),
    -- The domain's RuleDraft defines these three trees.
    conditions jsonb       NOT NULL CHECK (jsonb_typeof(conditions) = 'array'),
    action     jsonb       NOT NULL CHECK (jsonb_typeof(action) = 'object'),
    fallbacks  jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(fallbacks) = 'array'),
    -- Names the seed a system rule came from; an admin's edit keeps it, and nothing re-seeds.
    seed_key   text        UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Deferred, so that a reorder can swap two priorities in one transaction.
    CONSTRAINT routing_rules_priority_unique UNIQUE (owner_key, priority) DEFERRABLE INITIALLY DEFERRED
);

CREATE UNIQUE INDEX routing_rules_name_unique ON routing_rules (owner_key, lower(name));

-- The seed: the product's default table, with one rule added (priority 65) so that simple questions
-- go to the cheap tier before the conversation rule sends them to Sonnet (docs/adr/0009).
-- Priorities are spaced by ten so that rules fit between them.
INSERT INTO routing_rules (id, seed_key, name, priority, conditions, action) VALUES
    ('99d50887-0e00-52a5-bef6-984caf2f34a8', 'coding-complex', 'coding, complex', 10, '[{"taskType": "coding"}, {"complexity": "complex"}]', '{"routeTo": {"provider": "anthropic", "model": "claude-opus-4-6"}}'),
    ('14f3efd5-dc5a-56b2-beb0-3c105c49cc07', 'coding-moderate', 'coding, moderate', 20, '[{"taskType": "coding"}, {"complexity": "moderate"}]', '{"routeTo": {"provider": "anthropic", "model": "claude-sonnet-4-6"}}'),
    ('7a9eeeeb-7c10-59c5-8e99-ca3a33dd96cf', 'coding-simple', 'coding, simple', 30, '[{"taskType": "coding"}, {"complexity": "simple"}]', '{"routeTo": {"provider": "openai", "model": "gpt-5.4"}}'),
    ('d31bc2ff-23e1-5a29-ac18-2786fb969a12', 'research', 'research', 40, '[{"taskType": "research"}]', '{"routeTo": {"provider": "openai", "model": "gpt-5.4"}}'),
    ('56609a65-0ea8-5c64-9faf-171f017862b8', 'summarization', 'summarization', 50, '[{"taskType": "summarization"}]', '{"routeTo": {"provider": "zai", "model": "glm-5"}}'),
    ('077b305b-30a0-5a46-a55e-fe14756f4d17', 'analysis-reasoning', 'analysis with reasoning', 60, '[{"taskType": "analysis"}, {"requiredCapabilities": ["reasoning"]}]', '{"routeTo": {"provider": "anthropic", "model": "claude-opus-4-6"}}'),
    ('099a5695-fcc0-55e1-8b15-71dda0b093d3', 'simple-questions', 'simple questions', 65, '[{"taskType": "conversation"}, {"complexity": "simple"}]', '{"routeTo": {"provider": "anthropic", "model": "claude-haiku-4-5"}}'),
    ('22eacb20-65a3-5a0e-ab56-e2a37cb0bf8e', 'conversation', 'conversation', 70, '[{"taskType": "conversation"}]', '{"routeTo": {"provider": "anthropic", "model": "claude-sonnet-4-6"}}'),
    ('7163266b-139b-5ede-88cd-68ed9f62f434', 'creative', 'creative', 80, '[{"taskType": "creative"}]', '{"routeTo": {"provider": "anthropic", "model": "claude-sonnet-4-6"}}'),
    ('67e9b64f-000f-554f-92f7-cf2cdb2e94d3', 'cheap-or-general', 'cheap or general', 90, '[{"any": [{"costTier": "cheap"}, {"domain": "general"}]}]', '{"routeTo": {"provider": "anthropic", "model": "claude-haiku-4-5"}}'),
    ('f70fb98a-7b86-5523-a16e-92774089b007', 'fallback', 'fallback', 100, '[{"fallback": true}]', '{"routeTo": {"provider": "anthropic", "model": "claude-sonnet-4-6"}}'),
    ('3b4ed353-8178-5656-a5d4-52069b7febb4', 'offline', 'offline', 990, '[{"offline": true}]', '{"routeTo": {"provider": "ollama", "model": "llama3.2"}}');

-- Row-level security comes after the seed, which the migration's owner writes as nobody in particular.
-- Everyone reads the system's rules and their own; a user writes only their own, an admin also the
-- system's. The service checks the same; this keeps a mistake there from leaking or overwriting.
ALTER TABLE routing_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE routing_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY readable ON routing_rules FOR SELECT
    USING (owner_id IS NULL OR owner_id = mosaic_user_id());
CREATE POLICY own_rows ON routing_rules FOR ALL
    USING (owner_id = mosaic_user_id() OR (owner_id IS NULL AND mosaic_is_admin()))
    WITH CHECK (owner_id = mosaic_user_id() OR (owner_id IS NULL AND mosaic_is_admin()));

ALTER TABLE conversations ADD COLUMN pinned_provider text;
ALTER TABLE conversations ADD COLUMN pinned_model text;
ALTER TABLE conversations ADD CONSTRAINT pin_complete CHECK ((pinned_provider IS NULL) = (pinned_model IS NULL));

-- The decision that chose the model of an assistant reply (the domain's DecisionTree); null for other messages.
ALTER TABLE messages ADD COLUMN routing jsonb CHECK (routing IS NULL OR jsonb_typeof(routing) = 'object');

-- Replaying routing over everyone's traffic (an operator's command) reads each user's messages as
-- that user; this look-up tells it whose there are since a moment, and nothing else. It runs as the
-- owner, whom V8's read-only policy lets read messages.

CREATE FUNCTION message_askers_since(since timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT user_id FROM messages WHERE role = 'user' AND created_at >= since ORDER BY user_id $$;

REVOKE ALL ON FUNCTION mosaic_is_admin(), message_askers_since(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mosaic_is_admin(), message_askers_since(timestamptz) TO "${appUser}";
GRANT SELECT, INSERT, UPDATE, DELETE ON routing_rules TO "${appUser}";
