package io.weft.controlplane.alert;

import io.weft.core.alert.Alert;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.json.Json;
import io.weft.core.rule.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Alerts in PostgreSQL, one row per alert id (see V8__alerts.sql). */
@Repository
public class AlertRepository {
    private final JdbcClient jdbc;

    public AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the record unless the row already has this revision or a later one; true if it changed the row. */
    public boolean upsert(Alert a) {
        return jdbc.sql("""
                        INSERT INTO alert (id, alert_key, name, severity, state, flapping, raise_count,
                                first_raised_at, last_raised_at, last_event_time, acknowledged_at, acknowledged_by,
                                cleared_at, cleared_by, source, product_key, device_name, details, revision,
                                last_change, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET
                            severity = EXCLUDED.severity, state = EXCLUDED.state, flapping = EXCLUDED.flapping,
                            raise_count = EXCLUDED.raise_count, last_raised_at = EXCLUDED.last_raised_at,
                            last_event_time = EXCLUDED.last_event_time, acknowledged_at = EXCLUDED.acknowledged_at,
                            acknowledged_by = EXCLUDED.acknowledged_by, cleared_at = EXCLUDED.cleared_at,
                            cleared_by = EXCLUDED.cleared_by, details = EXCLUDED.details,
                            revision = EXCLUDED.revision, last_change = EXCLUDED.last_change,
                            updated_at = EXCLUDED.updated_at
                        WHERE alert.revision < EXCLUDED.revision""")
                .params(a.id(), a.key(), a.name(), enumName(a.severity()), enumName(a.state()), a.flapping(),
                        a.count(), ts(a.firstRaisedAt()), ts(a.lastRaisedAt()), ts(a.lastEventTime()),
                        ts(a.acknowledgedAt()), a.acknowledgedBy(), ts(a.clearedAt()), a.clearedBy(), a.source(),
                        a.productKey(), a.deviceName(), a.details(), a.revision(), enumName(a.change()),
                        ts(a.updatedAt()))
                .update() == 1;
    }

    /** Records a notification that failed every attempt on its alert (storing the alert first if it is new here). */
    public void notificationFailed(NotificationFailure failure) {
        upsert(failure.alert());
        jdbc.sql("""
                        UPDATE alert SET notification_failed_at = ?, notification_url = ?, notification_error = ?
                         WHERE id = ? AND (notification_failed_at IS NULL OR notification_failed_at <= ?)""")
                .params(ts(failure.failedAt()), failure.url(), failure.error(), failure.alert().id(),
                        ts(failure.failedAt()))
                .update();
    }

    public Optional<AlertRow> find(String id) {
        return jdbc.sql("SELECT * FROM alert WHERE id = ?").param(id).query(AlertRepository::row).optional();
    }

    /** One page of the alerts the filter selects, newest first, and how many it selects in all. */
    public Page list(AlertFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (filter.state() != null) {
            where.append(" AND state = ?");
            params.add(enumName(filter.state()));
        }
        if (filter.severity() != null) {
            where.append(" AND severity = ?");
            params.add(enumName(filter.severity()));
        }
        if (filter.productKey() != null) {
            where.append(" AND product_key = ?");
            params.add(filter.productKey());
        }
        if (filter.deviceName() != null) {
            where.append(" AND device_name = ?");
            params.add(filter.deviceName());
        }
        long total = jdbc.sql("SELECT count(*) FROM alert" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(filter.size());
        paged.add((long) filter.page() * filter.size());
        List<AlertRow> rows = jdbc.sql("SELECT * FROM alert" + where
                        + " ORDER BY first_raised_at DESC, id LIMIT ? OFFSET ?")
                .params(paged).query(AlertRepository::row).list();
        return new Page(rows, total);
    }

    /** A page of rows and the total the filter selects. */
    public record Page(List<AlertRow> rows, long total) {
    }

    private static AlertRow row(ResultSet rs, int n) throws SQLException {
        Alert alert = new Alert(rs.getString("id"), rs.getString("alert_key"), rs.getString("name"),
                Json.read("\"" + rs.getString("severity") + "\"", Severity.class),
                Json.read("\"" + rs.getString("state") + "\"", Alert.State.class), rs.getBoolean("flapping"),
                rs.getLong("raise_count"), millis(rs.getTimestamp("first_raised_at")),
                millis(rs.getTimestamp("last_raised_at")), millis(rs.getTimestamp("last_event_time")),
                boxed(rs.getTimestamp("acknowledged_at")), rs.getString("acknowledged_by"),
                boxed(rs.getTimestamp("cleared_at")), rs.getString("cleared_by"), rs.getString("source"),
                rs.getString("product_key"), rs.getString("device_name"), rs.getString("details"),
                rs.getLong("revision"), Json.read("\"" + rs.getString("last_change") + "\"", Alert.Change.class),
                millis(rs.getTimestamp("updated_at")));
        Timestamp failed = rs.getTimestamp("notification_failed_at");
        return new AlertRow(alert, failed == null ? null : failed.toInstant(), rs.getString("notification_url"),
                rs.getString("notification_error"));
    }

    /** An enum's JSON name ({@code major}, {@code acknowledged}, {@code clear-held}): what the table stores. */
    static String enumName(Enum<?> value) {
        return Json.writeString(value).replace("\"", "");
    }

    private static Timestamp ts(long epochMs) {
        return Timestamp.from(Instant.ofEpochMilli(epochMs));
    }

    private static Timestamp ts(Long epochMs) {
        return epochMs == null ? null : ts(epochMs.longValue());
    }

    private static long millis(Timestamp t) {
        return t == null ? 0 : t.getTime();
    }

    private static Long boxed(Timestamp t) {
        return t == null ? null : t.getTime();
    }
}
