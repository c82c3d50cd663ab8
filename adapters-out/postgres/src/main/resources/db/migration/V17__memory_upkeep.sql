-- Memory's upkeep across users: the sweep that finds whose insights need embedding anew after a
-- change of embedding model, and the one that finds whose insights went unused long enough to be
-- retired. Each names users and counts, nothing else; the jobs they start then act as each user.
-- As for the look-ups of V8 and V14, read-only policies let the owner (the role running this
-- migration) read the two tables inside these functions; the application role may only call them.
CREATE POLICY definer_read ON insights FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY definer_read ON embeddings FOR SELECT TO CURRENT_USER USING (true);

-- Users with insights lacking a vector of the model and size, with how many lack one and when the
-- newest of their insight vectors of other models or sizes was made; by id, from after_user (null:
-- from the first). The look-up of each insight's vector goes through
-- embeddings_one_per_subject_and_model.
CREATE FUNCTION insights_to_reembed(target_model text, target_dimensions integer, after_user uuid, max_count integer)
    RETURNS TABLE (user_id uuid, lacking bigint, newest_other timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT i.user_id, count(*),
                 (SELECT max(o.created_at) FROM embeddings o
                  WHERE o.user_id = i.user_id AND o.subject_kind = 'insight'
                    AND (o.model <> target_model OR o.dimensions <> target_dimensions))
          FROM insights i
          WHERE (after_user IS NULL OR i.user_id > after_user)
            AND NOT EXISTS (SELECT FROM embeddings e
                            WHERE e.user_id = i.user_id AND e.subject_kind = 'insight' AND e.subject_id = i.id::text
                              AND e.model = target_model AND e.dimensions = target_dimensions)
          GROUP BY i.user_id ORDER BY i.user_id LIMIT max_count $$;

-- Users with an insight last used at or before a moment.
CREATE INDEX insights_last_used ON insights (last_used_at);

CREATE FUNCTION users_with_insights_unused_since(last_use timestamptz, max_count integer)
    RETURNS TABLE (user_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT user_id FROM insights WHERE last_used_at <= last_use ORDER BY user_id LIMIT max_count $$;

REVOKE ALL ON FUNCTION insights_to_reembed(text, integer, uuid, integer),
    users_with_insights_unused_since(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION insights_to_reembed(text, integer, uuid, integer),
    users_with_insights_unused_since(timestamptz, integer) TO "${appUser}";
