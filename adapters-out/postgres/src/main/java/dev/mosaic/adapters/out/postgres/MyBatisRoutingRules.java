package dev.mosaic.adapters.out.postgres;

import dev.mosaic.adapters.out.postgres.RoutingRuleMapper.RuleRow;
import dev.mosaic.application.port.out.RoutingRules;
import dev.mosaic.domain.routing.RoutingRule;
import dev.mosaic.domain.routing.RuleDraft;
import dev.mosaic.domain.routing.RuleId;
import dev.mosaic.domain.user.Owner;
import dev.mosaic.domain.Violation;
import dev.mosaic.domain.user.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Routing rules in PostgreSQL. Row-level security shows every user the system's rules and their
 * own, and lets only admins write the system's: a write it refuses is an {@link IllegalStateException}.
 */
final class MyBatisRoutingRules implements RoutingRules {
    private static final Logger LOG = Logger.getLogger(MyBatisRoutingRules.class.getName());

    private final SqlSessionFactory sessions;

    MyBatisRoutingRules(SqlSessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<RoutingRule> of(UserId actor, Owner owner) {
        if (!owner.appliesTo(actor)) {
            return List.of();
        }
        return UserScope.inTransaction(sessions, actor, session -> session.getMapper(RoutingRuleMapper.class)
                .of(ownerId(owner))).stream().flatMap(r -> readable(r).stream()).toList();
    }

    @Override
    public void save(UserId actor, RoutingRule rule) {
        Map<String, Object> tree = RuleDraft.write(rule);
        RuleRow row = new RuleRow(rule.id().value(), ownerId(rule.owner()), rule.name(), rule.priority(),
                TreeJson.write(tree.get("conditions")), TreeJson.write(tree.get("action")),
                TreeJson.write(tree.get("fallbacks")));
        int saved;
        try {
            saved = UserScope.inTransaction(sessions, actor, session -> session.getMapper(RoutingRuleMapper.class).save(row));
        } catch (RuntimeException e) {
            throw translated(e);
        }
        if (saved == 0) {
            throw new IllegalStateException("rule " + rule.id() + " belongs to another owner");
        }
    }

    @Override
    public boolean delete(UserId actor, Owner owner, RuleId id) {
        return UserScope.inTransaction(sessions, actor,
                session -> session.getMapper(RoutingRuleMapper.class).delete(ownerId(owner), id.value())) > 0;
    }

    @Override
    public void reprioritise(UserId actor, List<RoutingRule> rules) {
        try {
            UserScope.inTransaction(sessions, actor, session -> {
                RoutingRuleMapper mapper = session.getMapper(RoutingRuleMapper.class);
                for (RoutingRule rule : rules) {
                    if (mapper.reprioritise(ownerId(rule.owner()), rule.id().value(), rule.priority()) == 0) {
                        throw new IllegalStateException("no rule " + rule.id() + " of the actor's to reorder");
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    private static UUID ownerId(Owner owner) {
        return owner.userId().map(UserId::value).orElse(null);
    }

    /** Two writers racing for one priority or name: the loser hears it in the rule's words. */
    private static RuntimeException translated(RuntimeException e) {
        if (SqlErrors.UNIQUE_VIOLATION.equals(SqlErrors.sqlState(e))) {
            String constraint = SqlErrors.violatedConstraint(e);
            return constraint.contains("name")
                    ? new Violation("name", "another rule already has this name")
                    : new Violation("priority", "another rule already has this priority");
        }
        if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(SqlErrors.sqlState(e))) {
            return new IllegalStateException("only an admin can write system rules", e);
        }
        return e;
    }

    /** A stored rule the current code cannot read is skipped and reported rather than breaking all routing. */
    private static Optional<RoutingRule> readable(RuleRow r) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", r.name());
        tree.put("priority", r.priority());
        tree.put("conditions", TreeJson.readList(r.conditions()));
        tree.put("action", TreeJson.readObject(r.action()));
        tree.put("fallbacks", TreeJson.readList(r.fallbacks()));
        try {
            RuleDraft draft = RuleDraft.read(tree);
            Owner owner = r.ownerId() == null ? Owner.SYSTEM : Owner.of(new UserId(r.ownerId()));
            return Optional.of(new RoutingRule(new RuleId(r.id()), owner, draft.name(), draft.priority(),
                    draft.condition(), draft.action(), draft.fallbacks()));
        } catch (Violation e) {
            LOG.log(Level.WARNING, "routing rule " + r.id() + " (\"" + r.name() + "\") cannot be read and is skipped: "
                    + e.getMessage());
            return Optional.empty();
        }
    }
}
