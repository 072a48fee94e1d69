package io.weft.controlplane.registration;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The database side of dynamic registration. Every statement is written so that the row lock PostgreSQL takes on
 * the device decides a race: of two transactions registering the same device, the second waits for the first and
 * then finds it registered (or inserted).
 */
@Repository
class RegistrationRepository {
    private final JdbcClient jdbc;

    RegistrationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which kinds of dynamic registration the product allows; empty if there is no such product. */
    Optional<Allowed> allowed(String productKey) {
        return jdbc.sql("SELECT dynamic_registration, registration_free FROM product WHERE product_key = ?")
                .param(productKey)
                .query((rs, row) -> new Allowed(rs.getBoolean(1), rs.getBoolean(2))).optional();
    }

    /**
     * Marks an existing device registered by this request, if it never registered and never came online (as on
     * Alibaba, a device that has connected is activated and registers no more), and returns its secret; empty if
     * the device is missing or not eligible.
     */
    Optional<String> markRegistered(String productKey, String deviceName, long requestId) {
        return jdbc.sql("""
                        UPDATE device SET registered_at = now(), registration_id = ?
                        WHERE product_key = ? AND device_name = ? AND registered_at IS NULL
                          AND last_online_at IS NULL
                        RETURNING device_secret""")
                .params(requestId, productKey, deviceName).query(String.class).optional();
    }

    /** Creates a device registered by this request, with the token as its secret; false if the name is taken. */
    boolean insertRegistered(String productKey, String deviceName, String token, long requestId) {
        return jdbc.sql("""
                        INSERT INTO device (product_key, device_name, device_secret, registered_at, registration_id)
                        VALUES (?, ?, ?, now(), ?) ON CONFLICT (product_key, device_name) DO NOTHING""")
                .params(productKey, deviceName, token, requestId).update() == 1;
    }

    /** The device's secret and the request that registered it (null if none); empty if there is no device. */
    Optional<Registered> find(String productKey, String deviceName) {
        return jdbc.sql("SELECT device_secret, registration_id FROM device WHERE product_key = ? AND device_name = ?")
                .params(productKey, deviceName)
                .query((rs, row) -> new Registered(rs.getString(1), (Long) rs.getObject(2))).optional();
    }

    record Allowed(boolean register, boolean regnwl) {
    }

    record Registered(String secret, Long registrationId) {
    }
}
