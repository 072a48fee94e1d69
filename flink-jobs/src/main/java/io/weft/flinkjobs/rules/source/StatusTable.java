package io.weft.flinkjobs.rules.source;

import io.weft.core.envelope.Presence;
import io.weft.core.rule.DeployedRule;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The device-status table rules on {@code /as/mqtt/status/{pk}/{dn}} read, {@code weft_device_status} (columns
 * exactly {@code ProductViews.STATUS_TABLE_COLUMNS} of sql-rules), over the presence events of {@code weft.events}
 * (rows as {@link StatusRows} makes them). Declared only for a group with a rule that reads it ({@link #readBy}), so
 * other groups neither read {@code weft.events} nor wait for its watermark.
 *
 * <p>Event time is the edge's time of the session change ({@link Presence#time()}), with the same policy as
 * telemetry: the watermark trails the largest time seen by {@code maxOutOfOrderness}, and a quiet split (devices
 * connect and disconnect rarely) stops holding it back after {@code idleTimeout}.
 */
public final class StatusTable {
    public static final String NAME = "weft_device_status";

    private StatusTable() {
    }

    /** Event time from the edge, bounded out-of-orderness, idle splits released. */
    public static WatermarkStrategy<Presence> watermarks(Duration maxOutOfOrderness, Duration idleTimeout) {
        return WatermarkStrategy.<Presence>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((p, kafkaTime) -> p.time())
                .withIdleness(idleTimeout);
    }

    /** Whether a rule reads the status table: one of its views (or its query) is over it. */
    public static boolean readBy(DeployedRule rule) {
        String table = "`" + NAME + "`";
        return rule.query().contains(table) || rule.views().stream().anyMatch(v -> v.contains(table));
    }

    /**
     * Registers {@value #NAME} over {@code status}, which must carry event timestamps and watermarks; {@code zone}
     * is the platform's time zone, for {@code lastTime}. Rows behind the watermark on arrival are counted (metric
     * {@code lateRows} of the operator {@code count late status rows}) and passed on.
     */
    public static Table register(StreamTableEnvironment tables, DataStream<Presence> status, ZoneId zone) {
        DataStream<Row> rows = status
                .process(new LateRowCounter<>()).name("count late status rows").uid("rules-late-status-rows")
                .map(new StatusRows(zone)).returns(StatusRows.type()).name("status rows").uid("rules-status-rows");
        Table table = tables.fromDataStream(rows, Schema.newBuilder()
                .column("product_key", DataTypes.STRING())
                .column("device_name", DataTypes.STRING())
                .column("status", DataTypes.STRING())
                .column("last_time", DataTypes.STRING())
                .column("utc_last_time", DataTypes.STRING())
                .column("client_ip", DataTypes.STRING())
                .column("reason", DataTypes.STRING())
                .column("session_epoch", DataTypes.BIGINT())
                .column("topic", DataTypes.STRING())
                .column("payload", DataTypes.STRING())
                .columnByMetadata("event_time", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                .watermark("event_time", "SOURCE_WATERMARK()")
                .build());
        tables.createTemporaryView(NAME, table);
        return table;
    }
}
