package io.weft.flinkjobs.rules.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.envelope.Presence;
import io.weft.core.rule.DeployedRule;
import io.weft.core.tsl.ThingModelJson;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.alibaba.AlibabaRules;
import io.weft.sqlrules.alibaba.StatusMessage;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.ProductViews;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The status table is declared exactly as sql-rules' status views expect it, with event_time as its rowtime; its
 * rows carry a presence event as Alibaba's status message; and only rules over it make a group read it.
 */
class StatusTableTest {
    /** 2018-08-31T07:32:28.205Z: the time of Alibaba's documented example. */
    private static final long ALIBABAS_EXAMPLE = 1_535_700_748_205L;

    @Test
    void statusTable_hasTheColumnsSqlRulesReads_andEventTimeIsTheRowtime() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        DataStream<Presence> status = env.fromData(List.of(new Presence("pk", "dn", Presence.State.ONLINE, 1L,
                        "edge-1", null, 1L, null)), TypeInformation.of(Presence.class))
                .assignTimestampsAndWatermarks(StatusTable.watermarks(Duration.ofSeconds(5), Duration.ofSeconds(10)));

        StatusTable.register(tables, status, ZoneId.of("UTC"));

        ResolvedSchema schema = tables.from(ProductViews.STATUS_TABLE).getResolvedSchema();
        String columns = schema.getColumns().stream()
                .map(c -> "`" + c.getName() + "` " + c.getDataType().getLogicalType().copy(true).asSummaryString()
                        .replace(" *ROWTIME*", ""))
                .collect(Collectors.joining(", "));
        assertThat(columns).isEqualTo(ProductViews.STATUS_TABLE_COLUMNS);
        assertThat(StatusTable.NAME).isEqualTo(ProductViews.STATUS_TABLE);
        assertThat(schema.getColumn("event_time").orElseThrow().getDataType().toString()).contains("*ROWTIME*");
    }

    @Test
    void anOfflineEvent_becomesAlibabasStatusMessage_withTimesInThePlatformZoneAndUtc() {
        Row row = new StatusRows(ZoneId.of("Asia/Shanghai")).map(new Presence("a1thermo", "kitchen",
                Presence.State.OFFLINE, 42L, "edge-1", "203.0.113.7", ALIBABAS_EXAMPLE, "KEEPALIVE_TIMEOUT"));

        assertThat(row.getArity()).isEqualTo(StatusRows.FIELDS.length);
        assertThat(field(row, "status")).isEqualTo("offline");
        assertThat(field(row, "last_time")).isEqualTo("2018-08-31 15:32:28.205");
        assertThat(field(row, "utc_last_time")).isEqualTo("2018-08-31T07:32:28.205Z");
        assertThat(field(row, "client_ip")).isEqualTo("203.0.113.7");
        assertThat(field(row, "reason")).isEqualTo("KEEPALIVE_TIMEOUT");
        assertThat(field(row, "session_epoch")).isEqualTo(42L);
        assertThat(field(row, "topic")).isEqualTo(StatusMessage.topic("a1thermo", "kitchen"));
        JsonNode payload = io.weft.core.json.Json.tree((String) field(row, "payload"));
        assertThat(payload.propertyNames()).containsExactlyElementsOf(StatusMessage.FIELDS);
        assertThat(payload.get("status").asString()).isEqualTo("offline");
        assertThat(payload.get("productKey").asString()).isEqualTo("a1thermo");
        assertThat(payload.get("deviceName").asString()).isEqualTo("kitchen");
        assertThat(payload.get("time").asString()).isEqualTo("2018-08-31 15:32:28.205");
        assertThat(payload.get("utcLastTime").asString()).isEqualTo("2018-08-31T07:32:28.205Z");
    }

    @Test
    void anOnlineEvent_hasNoReason() {
        Row row = new StatusRows(ZoneId.of("UTC")).map(new Presence("a1thermo", "kitchen", Presence.State.ONLINE,
                42L, "edge-1", null, ALIBABAS_EXAMPLE, null));

        assertThat(field(row, "status")).isEqualTo("online");
        assertThat(field(row, "last_time")).isEqualTo("2018-08-31 07:32:28.205");
        assertThat(field(row, "reason")).isNull();
        assertThat(io.weft.core.json.Json.tree((String) field(row, "payload")).get("reason").isNull()).isTrue();
    }

    @Test
    void readBy_isTrueForAStatusRuleOnly() {
        assertThat(StatusTable.readBy(rule("SELECT status FROM \"/as/mqtt/status/a1thermo/+\""))).isTrue();
        assertThat(StatusTable.readBy(rule("SELECT temperature FROM \"/a1thermo/+/thing/event/property/post\"")))
                .isFalse();
    }

    private static Object field(Row row, String name) {
        return row.getField(List.of(StatusRows.FIELDS).indexOf(name));
    }

    private static DeployedRule rule(String sql) {
        RuleCompilation compiled = new AlibabaRules().compile(sql, ThingModelJson.parse("""
                {"profile": {"productKey": "a1thermo"}, "properties": [{"identifier": "temperature",
                 "name": "t", "accessMode": "r", "dataType": {"type": "float", "specs": {}}}],
                 "events": [], "services": []}"""));
        assertThat(compiled.problems()).isEmpty();
        FlinkRule flink = compiled.flink();
        return new DeployedRule("r", 1, "a1thermo", flink.viewDdls(), flink.query(), flink.outputs(),
                flink.functions(), List.of(), null);
    }
}
