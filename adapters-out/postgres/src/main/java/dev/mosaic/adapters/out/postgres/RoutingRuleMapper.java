package dev.mosaic.adapters.out.postgres;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL for {@link MyBatisRoutingRules}; every statement runs inside a {@link UserScope}. */
interface RoutingRuleMapper {

    /** A rule as stored; {@code ownerId} is null for a system rule, and the trees are JSON text. */
    record RuleRow(UUID id, UUID ownerId, String name, int priority, String conditions, String action, String fallbacks) {}

    @Select("""
            select id, owner_id, name, priority, conditions, action, fallbacks
            from routing_rules
            where owner_id is not distinct from #{owner}
            order by priority""")
    List<RuleRow> of(UUID owner);

    /** A rule keeps its owner: the update matches only the owner it was saved with. */
    @Insert("""
            insert into routing_rules (id, owner_id, name, priority, conditions, action, fallbacks)
            values (#{id}, #{ownerId}, #{name}, #{priority}, cast(#{conditions} as jsonb), cast(#{action} as jsonb),
                cast(#{fallbacks} as jsonb))
            on conflict (id) do update
            set name = excluded.name, priority = excluded.priority, conditions = excluded.conditions,
                action = excluded.action, fallbacks = excluded.fallbacks, updated_at = now()
            where routing_rules.owner_id is not distinct from excluded.owner_id""")
    int save(RuleRow row);

    @Delete("delete from routing_rules where id = #{id} and owner_id is not distinct from #{owner}")
    int delete(UUID owner, UUID id);

    @Update("""
            update routing_rules set priority = #{priority}, updated_at = now()
            where id = #{id} and owner_id is not distinct from #{owner}""")
    int reprioritise(UUID owner, UUID id, int priority);
}
