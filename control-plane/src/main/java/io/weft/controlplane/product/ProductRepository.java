package io.weft.controlplane.product;

import io.weft.core.tsl.ThingModelJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Products in PostgreSQL; the thing model is stored in Alibaba's TSL JSON. */
@Repository
public class ProductRepository {
    private final JdbcClient jdbc;

    public ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a product; false if the product key is taken. */
    public boolean insert(String productKey, String name, String thingModelJson, String productSecret) {
        return jdbc.sql("""
                        INSERT INTO product (product_key, name, thing_model, version, product_secret)
                        VALUES (?, ?, ?, 1, ?) ON CONFLICT (product_key) DO NOTHING""")
                .params(productKey, name, thingModelJson, productSecret).update() == 1;
    }

    /** Sets which kinds of dynamic registration the product allows; false if there is no such product. */
    public boolean setRegistration(String productKey, boolean dynamicRegistration, boolean registrationFree) {
        return jdbc.sql("""
                        UPDATE product SET dynamic_registration = ?, registration_free = ?, updated_at = now()
                        WHERE product_key = ?""")
                .params(dynamicRegistration, registrationFree, productKey).update() == 1;
    }

    public long updateThingModel(String productKey, String thingModelJson) {
        return jdbc.sql("""
                        UPDATE product SET thing_model = ?, version = version + 1, updated_at = now()
                        WHERE product_key = ? RETURNING version""")
                .params(thingModelJson, productKey).query(Long.class).optional().orElse(-1L);
    }

    public Optional<Product> find(String productKey) {
        return jdbc.sql("SELECT * FROM product WHERE product_key = ?").param(productKey)
                .query(ProductRepository::map).optional();
    }

    private static Product map(ResultSet rs, int row) throws SQLException {
        return new Product(rs.getString("product_key"), rs.getString("name"),
                ThingModelJson.parse(rs.getString("thing_model")), rs.getLong("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("product_secret"),
                rs.getBoolean("dynamic_registration"), rs.getBoolean("registration_free"));
    }
}
