package io.weft.controlplane.presence;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Presence;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A device's presence columns in PostgreSQL. */
@Repository
public class PresenceRepository {
    private final JdbcClient jdbc;

    public PresenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored state, row-locked until the transaction ends; empty if there is no such device. */
    public Optional<Stored> lock(String productKey, String deviceName) {
        return jdbc.sql("SELECT session_epoch, online FROM device WHERE product_key = ? AND device_name = ? FOR UPDATE")
                .params(productKey, deviceName)
                .query((rs, row) -> new Stored(rs.getLong(1), rs.getBoolean(2)))
                .optional();
    }

    public void store(Presence p) {
        Timestamp at = Timestamp.from(Instant.ofEpochMilli(p.time()));
        boolean online = p.state() == Presence.State.ONLINE;
        jdbc.sql("""
                        UPDATE device SET online = ?, session_epoch = ?, session_edge = ?,
                               last_online_at = CASE WHEN ? THEN ? ELSE last_online_at END,
                               last_offline_at = CASE WHEN ? THEN last_offline_at ELSE ? END
                         WHERE product_key = ? AND device_name = ?""")
                .params(online, p.sessionEpoch(), p.edge(), online, at, online, at, p.productKey(), p.deviceName())
                .update();
    }

    /**
     * Ends the sessions the edge holds whose epoch is below {@code epochBelow} (all of them: {@link Long#MAX_VALUE}):
     * the devices go offline at {@code at}, keeping their epoch, so a late OFFLINE of those sessions changes nothing
     * and only a newer session brings a device back online. Returns the sessions ended.
     */
    public List<EndedSession> endSessionsOf(String edge, long epochBelow, Instant at) {
        return jdbc.sql("""
                        UPDATE device SET online = FALSE, last_offline_at = ?
                         WHERE online AND session_edge = ? AND session_epoch < ?
                        RETURNING product_key, device_name, session_epoch""")
                .params(Timestamp.from(at), edge, epochBelow)
                .query((rs, row) -> new EndedSession(new DeviceIdentity(rs.getString(1), rs.getString(2)),
                        rs.getLong(3)))
                .list();
    }

    /** A device's session that {@link #endSessionsOf} ended, with the epoch it keeps. */
    public record EndedSession(DeviceIdentity device, long sessionEpoch) {
    }

    /** The epoch and state a device's presence was last set from. */
    public record Stored(long sessionEpoch, boolean online) {
    }
}
