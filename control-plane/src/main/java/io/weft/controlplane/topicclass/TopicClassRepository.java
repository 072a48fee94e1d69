package io.weft.controlplane.topicclass;

import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicOperation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Topic classes in PostgreSQL, in creation order. */
@Repository
public class TopicClassRepository {
    private final JdbcClient jdbc;

    public TopicClassRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the product row until the transaction ends, so changes to one product's classes run one at a time. */
    public boolean lockProduct(String productKey) {
        return jdbc.sql("SELECT 1 FROM product WHERE product_key = ? FOR UPDATE").param(productKey)
                .query(Integer.class).optional().isPresent();
    }

    public boolean productExists(String productKey) {
        return jdbc.sql("SELECT 1 FROM product WHERE product_key = ?").param(productKey)
                .query(Integer.class).optional().isPresent();
    }

    public List<StoredTopicClass> list(String productKey) {
        return jdbc.sql("SELECT * FROM topic_class WHERE product_key = ? ORDER BY id").param(productKey)
                .query(TopicClassRepository::map).list();
    }

    public Optional<StoredTopicClass> find(String productKey, long id) {
        return jdbc.sql("SELECT * FROM topic_class WHERE product_key = ? AND id = ?").params(productKey, id)
                .query(TopicClassRepository::map).optional();
    }

    /** Inserts the class; empty if the product already has a class of that name. */
    public Optional<Long> insert(String productKey, TopicClass c) {
        return jdbc.sql("""
                        INSERT INTO topic_class (product_key, name, operation, description) VALUES (?, ?, ?, ?)
                        ON CONFLICT (product_key, name) DO NOTHING RETURNING id""")
                .params(productKey, c.name(), c.operation().name(), c.description()).query(Long.class).optional();
    }

    /** Replaces the class's fields; false if the product already has another class of that name. */
    public boolean update(String productKey, long id, TopicClass c) {
        boolean taken = jdbc.sql("SELECT 1 FROM topic_class WHERE product_key = ? AND name = ? AND id <> ?")
                .params(productKey, c.name(), id).query(Integer.class).optional().isPresent();
        if (taken) {
            return false;
        }
        jdbc.sql("UPDATE topic_class SET name = ?, operation = ?, description = ? WHERE product_key = ? AND id = ?")
                .params(c.name(), c.operation().name(), c.description(), productKey, id).update();
        return true;
    }

    public boolean delete(String productKey, long id) {
        return jdbc.sql("DELETE FROM topic_class WHERE product_key = ? AND id = ?").params(productKey, id)
                .update() == 1;
    }

    private static StoredTopicClass map(ResultSet rs, int row) throws SQLException {
        return new StoredTopicClass(rs.getLong("id"), rs.getString("product_key"),
                new TopicClass(rs.getString("name"), TopicOperation.valueOf(rs.getString("operation")),
                        rs.getString("description")),
                rs.getTimestamp("created_at").toInstant());
    }
}
