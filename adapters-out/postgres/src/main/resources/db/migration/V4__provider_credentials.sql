-- Users' own provider credentials (API keys), encrypted at rest (docs/adr/0006). A row holds the
-- credential's metadata and the ciphertext of its secret; the master key that opens the ciphertext is
-- kept outside the database, so a copy of the database alone reveals no credential.
--
-- Unlike elsewhere, updated_at is the application's time: it is shown to the user as when the key
-- was last replaced.

CREATE TABLE provider_credentials (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider   text        NOT NULL CHECK (provider ~ '^[a-z][a-z0-9-]{0,31}$'),
    kind       text        NOT NULL CHECK (kind IN ('api_key', 'oauth')),
    label      text        NOT NULL,
    -- Tells two keys apart (the last four characters of a long one), never more.
    hint       text        NOT NULL,
    -- The endpoint the credential is for; null for the provider's usual one.
    base_url   text,
    -- Tink AEAD output. Its associated data names user, provider, kind and base_url, so a ciphertext
    -- copied into another row does not decrypt there.
    ciphertext bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    -- One credential per user and provider.
    PRIMARY KEY (user_id, provider)
);

ALTER TABLE provider_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_credentials FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON provider_credentials
    USING (user_id = mosaic_user_id()) WITH CHECK (user_id = mosaic_user_id());

-- Rotating the master key re-encrypts every user's credentials, one user at a time under that
-- user's own policy; this look-up tells it whose there are, and nothing else. As for the look-ups
-- of V1, it runs as the owner, whom this read-only policy lets read the table.
CREATE POLICY definer_lookups ON provider_credentials FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION provider_credential_owners() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT user_id FROM provider_credentials ORDER BY user_id $$;

REVOKE ALL ON FUNCTION provider_credential_owners() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provider_credential_owners() TO "${appUser}";

GRANT SELECT, INSERT, UPDATE, DELETE ON provider_credentials TO "${appUser}";
