package io.weft.flinkjobs.rules.source;

import io.weft.core.registry.DeviceTagsEntry;
import io.weft.core.rule.DeployedRule;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The device-attribute table rules join, {@code weft_device_attributes} (columns exactly
 * {@code ProductViews.ATTRIBUTES_TABLE_COLUMNS} of sql-rules), over the device tags on {@code weft.registry}: append-only,
 * one row per change of a device's tags carrying all of them after the change ({@link DeviceTagsReader}).
 * {@code update_time} is the time of the change, the table's rowtime attribute with the stream's watermark, so the
 * per-product views ({@code product_<pk>_attributes}, a deduplication on {@code device_name}) are versioned tables
 * that a rule joins {@code FOR SYSTEM_TIME AS OF} a reading's {@code event_time}.
 *
 * <p>An event-time temporal join emits a reading once the watermarks of both sides have passed it. Tags change
 * rarely, so the tag stream is marked idle after {@code idleTimeout} without a change: from then on the telemetry's
 * watermark alone moves the join. The registry is read from its beginning (it is compacted: the latest tags of every
 * device) at every start, and the joins hold readings back until it has been read (a first quiet spell of
 * {@code idleTimeout}, see {@link #watermarks}): a rule reading attributes emits its first results that long after a
 * start. A change applies to the readings after it in event time that the job reads after the change.
 */
public final class DeviceAttributesTable {
    /** sql-rules' {@code ProductViews.ATTRIBUTES_TABLE}. */
    public static final String NAME = "weft_device_attributes";
    private static final String[] FIELDS = {"product_key", "device_name", "attributes"};

    private DeviceAttributesTable() {
    }

    /** Whether any of {@code rules} reads the attribute table (through a {@code product_<pk>_attributes} view). */
    public static boolean usedBy(Collection<DeployedRule> rules) {
        String table = "`" + NAME + "`";
        return rules.stream().anyMatch(r -> r.views().stream().anyMatch(v -> v.contains(table)));
    }

    /**
     * Event time is the change's time. The watermark is held back while the registry is loaded, then follows the
     * newest change ({@link LoadedTagsWatermarks}); the stream is marked idle after {@code idleTimeout} without a
     * change, so the telemetry's watermark alone moves the attribute joins between changes.
     */
    public static WatermarkStrategy<DeviceTagsEntry> watermarks(Duration idleTimeout) {
        return WatermarkStrategy.<DeviceTagsEntry>forGenerator(context -> new LoadedTagsWatermarks(idleTimeout))
                .withTimestampAssigner((tags, kafkaTime) -> tags.updatedAt())
                .withIdleness(idleTimeout);
    }

    /**
     * The registry topic from its beginning, read_committed, as device-tag changes. Its offsets are checkpointed with
     * the job, never taken from the consumer group: a job started afresh must read every device's tags.
     */
    public static KafkaSource<DeviceTagsEntry> registrySource(String bootstrapServers, String registryTopic,
                                                              String groupId) {
        return registry(bootstrapServers, registryTopic, groupId).build();
    }

    /**
     * The registry topic from its beginning to its end at the start (what is committed then), read_committed, as
     * device-tag changes: what a dry run joins. It ends, so its watermark ends at the end of time.
     */
    public static KafkaSource<DeviceTagsEntry> boundedRegistrySource(String bootstrapServers, String registryTopic,
                                                                     String groupId) {
        return registry(bootstrapServers, registryTopic, groupId).setBounded(OffsetsInitializer.latest()).build();
    }

    private static KafkaSourceBuilder<DeviceTagsEntry> registry(
            String bootstrapServers, String registryTopic, String groupId) {
        return KafkaSource.<DeviceTagsEntry>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(registryTopic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new DeviceTagsReader())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "false");
    }

    /** Registers {@value #NAME} over {@code tags}, which must carry event timestamps and watermarks. */
    public static Table register(StreamTableEnvironment tables, DataStream<DeviceTagsEntry> tags) {
        // Keyed by device, so each device's changes reach the attribute views in the order they were read: a newer
        // version overtaking an older one (as through a rebalance) would make the views' deduplication drop the older.
        DataStream<Row> rows = tags.keyBy(new DeviceKey()).map(new ToRow()).returns(rowType())
                .name("device attribute rows").uid("rules-attribute-rows");
        Table table = tables.fromDataStream(rows, Schema.newBuilder()
                .column("product_key", DataTypes.STRING())
                .column("device_name", DataTypes.STRING())
                .column("attributes", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING()))
                .columnByMetadata("update_time", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                .watermark("update_time", "SOURCE_WATERMARK()")
                .build());
        tables.createTemporaryView(NAME, table);
        return table;
    }

    static TypeInformation<Row> rowType() {
        return Types.ROW_NAMED(FIELDS, Types.STRING, Types.STRING, Types.MAP(Types.STRING, Types.STRING));
    }

    /** {@code pk/dn}. */
    private static final class DeviceKey implements KeySelector<DeviceTagsEntry, String> {
        @Override
        public String getKey(DeviceTagsEntry tags) {
            return tags.productKey() + "/" + tags.deviceName();
        }
    }

    /** A tag change as a row of the table, without {@code update_time} (the stream's event timestamp). */
    private static final class ToRow implements MapFunction<DeviceTagsEntry, Row> {
        @Override
        public Row map(DeviceTagsEntry tags) {
            return Row.of(tags.productKey(), tags.deviceName(), new HashMap<>(tags.tags()));
        }
    }
}
