package io.weft.controlplane.scene;

import io.weft.controlplane.rule.DesiredState;
import io.weft.core.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Scenes in PostgreSQL, each as the JSON of its {@link Scene}. */
@Repository
public class SceneRepository {
    private final JdbcClient jdbc;

    public SceneRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the scene at version 1; false if the id is taken. */
    public boolean insert(Scene scene, String ruleId) {
        return jdbc.sql("""
                        INSERT INTO scene (id, name, definition, rule_id) VALUES (?, ?, ?::jsonb, ?)
                        ON CONFLICT (id) DO NOTHING""")
                .params(scene.id(), scene.name(), Json.writeString(scene), ruleId).update() == 1;
    }

    /** The scene's row locked until the transaction ends; empty if there is no such scene. */
    public Optional<StoredScene> lock(String id) {
        return jdbc.sql("SELECT * FROM scene WHERE id = ? FOR UPDATE").param(id).query(SceneRepository::scene)
                .optional();
    }

    /** Replaces the scene's definition, as its next version. */
    public void update(Scene scene) {
        jdbc.sql("""
                        UPDATE scene SET name = ?, definition = ?::jsonb, version = version + 1, updated_at = now()
                         WHERE id = ?""")
                .params(scene.name(), Json.writeString(scene), scene.id()).update();
    }

    public void setScheduleState(String id, DesiredState state) {
        jdbc.sql("UPDATE scene SET desired_state = ?, updated_at = now() WHERE id = ?").params(state.name(), id)
                .update();
    }

    public Optional<StoredScene> find(String id) {
        return jdbc.sql("SELECT * FROM scene WHERE id = ?").param(id).query(SceneRepository::scene).optional();
    }

    /** Every scene, by id. */
    public List<StoredScene> list() {
        return jdbc.sql("SELECT * FROM scene ORDER BY id").query(SceneRepository::scene).list();
    }

    /** The schedule scenes to run: started, without a rule. */
    public List<StoredScene> startedSchedules() {
        return jdbc.sql("SELECT * FROM scene WHERE rule_id IS NULL AND desired_state = 'STARTED' ORDER BY id")
                .query(SceneRepository::scene).list();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM scene WHERE id = ?").param(id).update() == 1;
    }

    private static StoredScene scene(ResultSet rs, int row) throws SQLException {
        return new StoredScene(Json.read(rs.getString("definition"), Scene.class), rs.getString("rule_id"),
                rs.getInt("version"), DesiredState.valueOf(rs.getString("desired_state")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
