package io.weft.controlplane.device;

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
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }
}
