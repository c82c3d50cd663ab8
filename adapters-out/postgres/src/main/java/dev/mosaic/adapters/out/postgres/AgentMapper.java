package dev.mosaic.adapters.out.postgres;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * SQL for {@link MyBatisAgents}; every statement runs inside a {@link UserScope}. Each names the
 * owners the actor may see as well, which row-level security repeats.
 */
interface AgentMapper {

    /** One version of an agent; {@code ownerId} is null for the gateway's, and the definition is JSON text. */
    record AgentRow(UUID id, UUID ownerId, int version, String name, String definition, Instant createdAt) {}

    String VERSIONS = """
            select a.id, a.owner_id, v.version, v.name, v.definition, v.created_at
            from agents a join agent_versions v on v.agent_id = a.id
            where a.deleted_at is null and (a.owner_id is null or a.owner_id = #{actor})""";

    String LATEST = VERSIONS + " and v.version = a.version";

    @Select(LATEST + " and a.id = #{id}")
    AgentRow find(UUID actor, UUID id);

    /** The actor's own agent of that name before the gateway's. */
    @Select(LATEST + " and a.name = #{name} order by a.owner_id nulls last limit 1")
    AgentRow findByName(UUID actor, String name);

    /** By name in byte order, as Java compares names, whatever the database's collation. */
    @Select(LATEST + " order by a.owner_id is not null, a.name collate \"C\"")
    List<AgentRow> list(UUID actor);

    @Select(VERSIONS + " and a.id = #{id} order by v.version")
    List<AgentRow> versions(UUID actor, UUID id);

    /** The latest version of a live agent the actor sees, or null. */
    @Select("""
            select version from agents
            where id = #{id} and deleted_at is null and (owner_id is null or owner_id = #{actor})""")
    Integer latestVersion(UUID actor, UUID id);

    @Insert("insert into agents (id, owner_id, version, name) values (#{id}, #{ownerId}, 1, #{name})")
    int insertAgent(UUID id, UUID ownerId, String name);

    /** Moves a live agent of that owner on to {@code version}, only from the one before it. */
    @Update("""
            update agents set version = #{version}, name = #{name}, updated_at = now()
            where id = #{id} and owner_id is not distinct from #{ownerId} and version = #{version} - 1
                and deleted_at is null""")
    int advance(UUID id, UUID ownerId, int version, String name);

    @Insert("""
            insert into agent_versions (agent_id, version, name, definition, created_at)
            values (#{id}, #{version}, #{name}, cast(#{definition} as jsonb), #{createdAt})""")
    int insertVersion(UUID id, int version, String name, String definition, Instant createdAt);

    @Update("""
            update agents set deleted_at = now(), updated_at = now()
            where id = #{id} and deleted_at is null and (owner_id is null or owner_id = #{actor})""")
    int delete(UUID actor, UUID id);
}
