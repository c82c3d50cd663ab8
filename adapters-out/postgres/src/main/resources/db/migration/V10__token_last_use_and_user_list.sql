-- What the administrator's command line shows about users and tokens (`mosaic user list`,
-- `mosaic token list`).

-- When a token last authenticated. Written as its owner, at most about once a minute per token
-- (the application skips the write while the stored time is recent), so requests stay reads.
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;

-- Every user with the number of its active tokens (neither revoked nor expired at the given time).
-- Like the look-ups of V1 it runs before any user is known, so it is SECURITY DEFINER and reads
-- through V1's read-only definer_lookups policies; the application role may only call it.
CREATE FUNCTION user_list(active_at timestamptz)
    RETURNS TABLE (id uuid, username text, created_at timestamptz, active_tokens bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    SELECT u.id, u.username, u.created_at,
           (SELECT count(*) FROM api_tokens t
            WHERE t.user_id = u.id AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > active_at))
    FROM users u
    ORDER BY u.username
    $$;

REVOKE ALL ON FUNCTION user_list(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_list(timestamptz) TO "${appUser}";
