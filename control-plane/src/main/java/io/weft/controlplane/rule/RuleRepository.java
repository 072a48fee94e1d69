package io.weft.controlplane.rule;

import io.weft.core.json.Json;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleDefinition;
import io.weft.core.rule.RuleDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rules and every version of each in PostgreSQL; destinations as the JSON of {@link Destination}. */
@Repository
public class RuleRepository {
    private static final String CURRENT = """
            SELECT r.id, r.desired_state, r.created_at AS rule_created_at, r.updated_at, v.*
              FROM rule r JOIN rule_version v ON v.rule_id = r.id AND v.version = r.current_version
            """;
    private final JdbcClient jdbc;

    public RuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a rule at version 1 of {@code definition}; false if the id is taken. */
    public boolean insert(RuleDefinition definition) {
        boolean inserted = jdbc.sql("""
                        INSERT INTO rule (id, product_key, current_version) VALUES (?, ?, 1)
                        ON CONFLICT (id) DO NOTHING""")
                .params(definition.id(), definition.productKey()).update() == 1;
        if (inserted) {
            insertVersion(definition, 1);
        }
        return inserted;
    }

    /** The rule's current version, its row locked until the transaction ends; empty if there is no such rule. */
    public Optional<Integer> lock(String id) {
        return jdbc.sql("SELECT current_version FROM rule WHERE id = ? FOR UPDATE").param(id)
                .query(Integer.class).optional();
    }

    /** Adds {@code version} of the rule and makes it the current one. */
    public void addVersion(RuleDefinition definition, int version) {
        insertVersion(definition, version);
        jdbc.sql("UPDATE rule SET current_version = ?, product_key = ?, updated_at = now() WHERE id = ?")
                .params(version, definition.productKey(), definition.id()).update();
    }

    public void setDesiredState(String id, DesiredState state) {
        jdbc.sql("UPDATE rule SET desired_state = ?, updated_at = now() WHERE id = ?").params(state.name(), id)
                .update();
    }

    public Optional<StoredRule> find(String id) {
        return jdbc.sql(CURRENT + " WHERE r.id = ?").param(id).query(RuleRepository::rule).optional();
    }

    /** Every rule (of one product, unless {@code productKey} is null), by id. */
    public List<StoredRule> list(String productKey) {
        return productKey == null
                ? jdbc.sql(CURRENT + " ORDER BY r.id").query(RuleRepository::rule).list()
                : jdbc.sql(CURRENT + " WHERE r.product_key = ? ORDER BY r.id").param(productKey)
                        .query(RuleRepository::rule).list();
    }

    /** The rule's versions, oldest first (empty if there is no such rule). */
    public List<RuleVersion> versions(String id) {
        return jdbc.sql("SELECT * FROM rule_version WHERE rule_id = ? ORDER BY version").param(id)
                .query(RuleRepository::version).list();
    }

    public Optional<RuleVersion> version(String id, int version) {
        return jdbc.sql("SELECT * FROM rule_version WHERE rule_id = ? AND version = ?").params(id, version)
                .query(RuleRepository::version).optional();
    }

    /** Deletes the rule with all its versions; false if there is no such rule. */
    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM rule WHERE id = ?").param(id).update() == 1;
    }

    private void insertVersion(RuleDefinition d, int version) {
        jdbc.sql("""
                        INSERT INTO rule_version (rule_id, version, name, dialect, product_key, sql, destinations,
                                                  error_destination)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")
                .params(d.id(), version, d.name(), d.dialect().name(), d.productKey(), d.sql(),
                        Json.writeString(d.destinations().toArray(new Destination[0])),
                        d.errorDestination() == null ? null : Json.writeString(d.errorDestination()))
                .update();
    }

    private static StoredRule rule(ResultSet rs, int row) throws SQLException {
        return new StoredRule(version(rs, row), DesiredState.valueOf(rs.getString("desired_state")),
                rs.getTimestamp("rule_created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static RuleVersion version(ResultSet rs, int row) throws SQLException {
        String error = rs.getString("error_destination");
        RuleDefinition definition = new RuleDefinition(rs.getString("rule_id"), rs.getString("name"),
                RuleDialect.valueOf(rs.getString("dialect")), rs.getString("product_key"), rs.getString("sql"),
                Arrays.asList(Json.read(rs.getString("destinations"), Destination[].class)),
                error == null ? null : Json.read(error, Destination.class));
        return new RuleVersion(rs.getInt("version"), definition, rs.getTimestamp("created_at").toInstant());
    }
}
