package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL for {@link MyBatisProviderCredentials}; every statement but {@link #owners} runs inside a {@link UserScope}. */
interface ProviderCredentialMapper {

    record CredentialRow(UUID userId, String provider, String kind, String label, String hint, String baseUrl,
            byte[] ciphertext, Instant createdAt, Instant updatedAt, Instant expiresAt) {}

    /** A replaced credential keeps its created_at. */
    @Insert("""
            insert into provider_credentials (user_id, provider, kind, label, hint, base_url, ciphertext, created_at,
                updated_at, expires_at)
            values (#{userId}, #{provider}, #{kind}, #{label}, #{hint}, #{baseUrl}, #{ciphertext}, #{createdAt},
                #{updatedAt}, #{expiresAt})
            on conflict (user_id, provider) do update
            set kind = excluded.kind, label = excluded.label, hint = excluded.hint, base_url = excluded.base_url,
                ciphertext = excluded.ciphertext, updated_at = excluded.updated_at, expires_at = excluded.expires_at""")
    int put(CredentialRow row);

    /** Ordered as Java orders strings, whatever the database's collation. */
    @Select("""
            select user_id, provider, kind, label, hint, base_url, ciphertext, created_at, updated_at, expires_at
            from provider_credentials
            where user_id = #{actor}
            order by provider collate "C\"""")
    List<CredentialRow> list(UUID actor);

    @Select("""
            select user_id, provider, kind, label, hint, base_url, ciphertext, created_at, updated_at, expires_at
            from provider_credentials
            where user_id = #{actor} and provider = #{provider}""")
    CredentialRow find(UUID actor, String provider);

    @Delete("delete from provider_credentials where user_id = #{actor} and provider = #{provider}")
    int delete(UUID actor, String provider);

    @Update("""
            update provider_credentials set ciphertext = #{replacement}
            where user_id = #{actor} and provider = #{provider} and ciphertext = #{current}""")
    int rewrap(UUID actor, String provider, byte[] current, byte[] replacement);

    /** Compare-and-set: only while the stored ciphertext is still {@code current}. */
    @Update("""
            update provider_credentials
            set kind = #{row.kind}, label = #{row.label}, hint = #{row.hint}, base_url = #{row.baseUrl},
                ciphertext = #{row.ciphertext}, updated_at = #{row.updatedAt}, expires_at = #{row.expiresAt}
            where user_id = #{row.userId} and provider = #{row.provider} and ciphertext = #{current}""")
    int replace(@Param("current") byte[] current, @Param("row") CredentialRow row);

    /** Runs before any user is known, through the owner's SECURITY DEFINER function. */
    @Select("select owner from provider_credential_owners() as owner")
    List<UUID> owners();
}
