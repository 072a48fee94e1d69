package io.weft.controlplane.device;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Device tags in PostgreSQL, one row per tag. */
@Repository
public class DeviceTagRepository {
    private final JdbcClient jdbc;

    public DeviceTagRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the device's row until the transaction ends, so concurrent changes of its tags apply one after the
     * other; false if there is no such device.
     */
    public boolean lockDevice(String productKey, String deviceName) {
        return !jdbc.sql("SELECT 1 FROM device WHERE product_key = ? AND device_name = ? FOR UPDATE")
                .params(productKey, deviceName).query(Integer.class).list().isEmpty();
    }

    public boolean deviceExists(String productKey, String deviceName) {
        return !jdbc.sql("SELECT 1 FROM device WHERE product_key = ? AND device_name = ?")
                .params(productKey, deviceName).query(Integer.class).list().isEmpty();
    }

    /** The device's tags, sorted by key (empty when it has none). */
    public Map<String, String> find(String productKey, String deviceName) {
        Map<String, String> tags = new TreeMap<>();
        jdbc.sql("SELECT tag_key, tag_value FROM device_tag WHERE product_key = ? AND device_name = ?")
                .params(productKey, deviceName)
                .query(rs -> {
                    tags.put(rs.getString("tag_key"), rs.getString("tag_value"));
                });
        return tags;
    }

    /** Replaces all of the device's tags with {@code tags}. */
    public void replace(String productKey, String deviceName, Map<String, String> tags) {
        jdbc.sql("DELETE FROM device_tag WHERE product_key = ? AND device_name = ?")
                .params(productKey, deviceName).update();
        tags.forEach((key, value) -> jdbc.sql("""
                        INSERT INTO device_tag (product_key, device_name, tag_key, tag_value) VALUES (?, ?, ?, ?)""")
                .params(productKey, deviceName, key, value).update());
    }
}
