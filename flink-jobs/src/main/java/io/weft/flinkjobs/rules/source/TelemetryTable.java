package io.weft.flinkjobs.rules.source;

import io.weft.core.envelope.Telemetry;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The base table rules read, {@code weft_telemetry} (columns exactly {@code ProductViews.BASE_TABLE_COLUMNS} of
 * sql-rules), over a stream of telemetry whose event timestamps and watermarks come from {@link #watermarks}.
 *
 * <p>Event time is the device's time ({@link TelemetryRows#eventTime}). The watermark trails the largest event
 * time seen by {@code maxOutOfOrderness}; a source split that sends nothing for {@code idleTimeout} stops holding
 * the watermark back. {@code event_time} is the table's rowtime attribute with the stream's watermark
 * ({@code SOURCE_WATERMARK()}), so windows over a product view close in the device's time.
 */
public final class TelemetryTable {
    public static final String NAME = "weft_telemetry";

    private TelemetryTable() {
    }

    /** Event time from the device, bounded out-of-orderness, idle splits released. */
    public static WatermarkStrategy<Telemetry> watermarks(Duration maxOutOfOrderness, Duration idleTimeout) {
        return WatermarkStrategy.<Telemetry>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((t, kafkaTime) -> TelemetryRows.eventTime(t))
                .withIdleness(idleTimeout);
    }

    /**
     * Registers {@value #NAME} over {@code telemetry}, which must carry event timestamps and watermarks. Rows
     * behind the watermark on arrival are counted (metric {@code lateRows}) and passed on.
     */
    public static Table register(StreamTableEnvironment tables, DataStream<Telemetry> telemetry) {
        DataStream<Row> rows = telemetry
                .process(new LateRowCounter<>()).name("count late rows").uid("rules-late-rows")
                .map(new TelemetryRows()).returns(TelemetryRows.type()).name("telemetry rows").uid("rules-rows");
        Table table = tables.fromDataStream(rows, Schema.newBuilder()
                .column("product_key", DataTypes.STRING())
                .column("device_name", DataTypes.STRING())
                .column("kind", DataTypes.STRING())
                .column("identifier", DataTypes.STRING())
                .column("message_id", DataTypes.BIGINT())
                .column("topic", DataTypes.STRING())
                .columnByMetadata("event_time", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                .column("items", DataTypes.STRING())
                .watermark("event_time", "SOURCE_WATERMARK()")
                .build());
        tables.createTemporaryView(NAME, table);
        return table;
    }
}
