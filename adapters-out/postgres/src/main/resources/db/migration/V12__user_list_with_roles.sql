-- The administrator's user list (V10) also says who is an admin (V9's roles).
DROP FUNCTION user_list(timestamptz);

CREATE FUNCTION user_list(active_at timestamptz)
    RETURNS TABLE (id uuid, username text, created_at timestamptz, role text, active_tokens bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    SELECT u.id, u.username, u.created_at, u.role,
           (SELECT count(*) FROM api_tokens t
            WHERE t.user_id = u.id AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > active_at))
    FROM users u
    ORDER BY u.username
    $$;

REVOKE ALL ON FUNCTION user_list(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_list(timestamptz) TO "${appUser}";
