package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL for {@link MyBatisApiTokens}. */
interface ApiTokenMapper {

    record TokenRow(UUID id, UUID userId, String name, byte[] secretHash, Instant createdAt, Instant expiresAt,
            Instant revokedAt, Instant lastUsedAt) {}

    @Insert("""
            insert into api_tokens (id, user_id, name, secret_hash, created_at, expires_at, revoked_at, last_used_at)
            values (#{id}, #{userId}, #{name}, #{secretHash}, #{createdAt}, #{expiresAt}, #{revokedAt}, #{lastUsedAt})""")
    int insert(TokenRow row);

    /** Runs before any user is known, through the owner's SECURITY DEFINER function. */
    @Select("""
            select id, user_id, name, secret_hash, created_at, expires_at, revoked_at, last_used_at
            from api_token_by_secret_hash(#{secretHash})""")
    TokenRow findBySecretHash(byte[] secretHash);

    @Select("""
            select id, user_id, name, secret_hash, created_at, expires_at, revoked_at, last_used_at
            from api_tokens where user_id = #{actor} order by created_at, id""")
    List<TokenRow> list(UUID actor);

    /** A token revoked before keeps its first revocation time. */
    @Update("""
            update api_tokens set revoked_at = coalesce(revoked_at, #{at})
            where id = #{id} and user_id = #{actor}""")
    int revoke(UUID actor, UUID id, Instant at);

    /** Concurrent requests may race to write; the latest time wins. */
    @Update("""
            update api_tokens set last_used_at = #{at}
            where id = #{id} and user_id = #{actor} and (last_used_at is null or last_used_at < #{at})""")
    int recordUse(UUID actor, UUID id, Instant at);
}
