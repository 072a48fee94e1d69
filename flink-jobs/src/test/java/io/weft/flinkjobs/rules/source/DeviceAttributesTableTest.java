package io.weft.flinkjobs.rules.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.registry.DeviceTagsEntry;
import io.weft.core.rule.DeployedRule;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import io.weft.sqlrules.flink.ProductViews;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The device-attribute table is declared exactly as sql-rules' attribute views expect it, with update_time as its
 * rowtime; only device-tag records of the registry become rows, a tombstone as a device without tags.
 */
class DeviceAttributesTableTest {
    private static final ThingModel MODEL = ThingModelJson.parse(
            "{\"profile\":{\"productKey\":\"pk\"},\"properties\":[],\"events\":[],\"services\":[]}");

    @Test
    void table_hasTheColumnsSqlRulesReads_andUpdateTimeIsTheRowtime() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        DataStream<DeviceTagsEntry> tags = env.fromData(List.of(new DeviceTagsEntry("pk", "dn", Map.of("a", "b"), 1L)),
                        TypeInformation.of(DeviceTagsEntry.class))
                .assignTimestampsAndWatermarks(DeviceAttributesTable.watermarks(Duration.ofSeconds(1)));

        DeviceAttributesTable.register(tables, tags);

        assertThat(DeviceAttributesTable.NAME).isEqualTo(ProductViews.ATTRIBUTES_TABLE);
        ResolvedSchema schema = tables.from(ProductViews.ATTRIBUTES_TABLE).getResolvedSchema();
        String columns = schema.getColumns().stream()
                .map(c -> "`" + c.getName() + "` " + c.getDataType().getLogicalType().copy(true).asSummaryString()
                        .replace(" *ROWTIME*", ""))
                .collect(Collectors.joining(", "));
        assertThat(columns).isEqualTo(ProductViews.ATTRIBUTES_TABLE_COLUMNS);
        assertThat(schema.getColumn("update_time").orElseThrow().getDataType().toString()).contains("*ROWTIME*");
        tables.executeSql(ProductViews.attributes(MODEL).ddl());
    }

    @Test
    void usedBy_onlyRulesWhoseViewsReadTheTable() {
        DeployedRule plain = rule(List.of(ProductViews.properties(MODEL).ddl()));
        DeployedRule joined = rule(List.of(ProductViews.properties(MODEL).ddl(), ProductViews.attributes(MODEL).ddl()));

        assertThat(DeviceAttributesTable.usedBy(List.of(plain))).isFalse();
        assertThat(DeviceAttributesTable.usedBy(List.of(plain, joined))).isTrue();
    }

    @Test
    void reader_keepsDeviceTags_turnsTheirTombstoneIntoNoTags_andSkipsEverythingElse() {
        DeviceTagsReader reader = new DeviceTagsReader();
        List<DeviceTagsEntry> out = new ArrayList<>();
        Collector<DeviceTagsEntry> collector = new Collector<>() {
            @Override
            public void collect(DeviceTagsEntry record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        };

        reader.deserialize(record("device-tags/pk/dn", "{\"kind\":\"device-tags\",\"productKey\":\"pk\","
                + "\"deviceName\":\"dn\",\"tags\":{\"room\":\"kitchen\"},\"updatedAt\":5}", 1L), collector);
        reader.deserialize(record("device-tags/pk/dn", null, 9L), collector);
        reader.deserialize(record("device/pk/dn", "{\"kind\":\"device\",\"productKey\":\"pk\",\"deviceName\":\"dn\","
                + "\"deviceSecret\":\"s\",\"enabled\":true,\"updatedAt\":5}", 1L), collector);
        reader.deserialize(record("device/pk/dn", null, 1L), collector);
        reader.deserialize(record("device-tags/pk/dn", "{not json", 1L), collector);

        assertThat(out).containsExactly(new DeviceTagsEntry("pk", "dn", Map.of("room", "kitchen"), 5L),
                new DeviceTagsEntry("pk", "dn", Map.of(), 9L));
    }

    private static DeployedRule rule(List<String> views) {
        return new DeployedRule("r", 1, "pk", views, "SELECT 1", List.of("x"), java.util.Set.of(), List.of(), null);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, long timestamp) {
        return new ConsumerRecord<>("weft.registry", 0, 0L, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0,
                key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }
}
