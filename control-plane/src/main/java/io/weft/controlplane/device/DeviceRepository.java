package io.weft.controlplane.device;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Devices in PostgreSQL. */
@Repository
public class DeviceRepository {
    private final JdbcClient jdbc;

    public DeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a device; false if the name is taken within the product. */
    public boolean insert(String productKey, String deviceName, String secret) {
        return jdbc.sql("""
                        INSERT INTO device (product_key, device_name, device_secret) VALUES (?, ?, ?)
                        ON CONFLICT (product_key, device_name) DO NOTHING""")
                .params(productKey, deviceName, secret).update() == 1;
    }

    public Optional<Device> find(String productKey, String deviceName) {
        return jdbc.sql("SELECT * FROM device WHERE product_key = ? AND device_name = ?")
                .params(productKey, deviceName)
                .query((rs, row) -> new Device(rs.getString("product_key"), rs.getString("device_name"),
                        rs.getString("device_secret"), rs.getBoolean("enabled"),
                        rs.getTimestamp("created_at").toInstant(), rs.getBoolean("online"),
                        instant(rs.getTimestamp("last_online_at")), instant(rs.getTimestamp("last_offline_at"))))
                .optional();
    }

    /** Enables or disables a device; false if there is no such device. */
    public boolean setEnabled(String productKey, String deviceName, boolean enabled) {
        return jdbc.sql("UPDATE device SET enabled = ? WHERE product_key = ? AND device_name = ?")
                .params(enabled, productKey, deviceName).update() == 1;
    }

    /** Deletes a device; false if there was no such device. */
    public boolean delete(String productKey, String deviceName) {
        return jdbc.sql("DELETE FROM device WHERE product_key = ? AND device_name = ?")
                .params(productKey, deviceName).update() == 1;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
