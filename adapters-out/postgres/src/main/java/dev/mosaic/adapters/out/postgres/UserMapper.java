package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL for {@link MyBatisUsers}. */
interface UserMapper {

    record UserRow(UUID id, String username, Instant createdAt) {}

    record ListedRow(UUID id, String username, Instant createdAt, String role, long activeTokens) {}

    @Insert("insert into users (id, username, created_at, role) values (#{row.id}, #{row.username}, #{row.createdAt}, #{role})")
    int insert(@Param("row") UserRow row, @Param("role") String role);

    @Select("select role from users where id = #{actor}")
    String role(UUID actor);

    @Select("select id, username, created_at from users where id = #{actor}")
    UserRow self(UUID actor);

    /** Runs before any user is known, through the owner's SECURITY DEFINER function. */
    @Select("select user_id_by_username(#{username})")
    UUID idOf(String username);

    /** Runs before any user is known, through the owner's SECURITY DEFINER function. */
    @Select("select id, username, created_at, role, active_tokens from user_list(#{at})")
    List<ListedRow> list(Instant at);
}
