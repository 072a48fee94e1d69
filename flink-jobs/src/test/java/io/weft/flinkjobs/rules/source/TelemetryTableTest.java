package io.weft.flinkjobs.rules.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.envelope.Telemetry;
import io.weft.sqlrules.flink.ProductViews;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.junit.jupiter.api.Test;

/** The base table is declared exactly as sql-rules' views expect it, with event_time as its rowtime. */
class TelemetryTableTest {

    @Test
    void baseTable_hasTheColumnsSqlRulesReads_andEventTimeIsTheRowtime() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        DataStream<Telemetry> telemetry = env.fromData(List.of(new Telemetry(1L, "pk", "dn", Telemetry.PROPERTY,
                        null, List.of(), 1L)), TypeInformation.of(Telemetry.class))
                .assignTimestampsAndWatermarks(TelemetryTable.watermarks(Duration.ofSeconds(5), Duration.ofSeconds(10)));

        TelemetryTable.register(tables, telemetry);

        ResolvedSchema schema = tables.from(ProductViews.BASE_TABLE).getResolvedSchema();
        String columns = schema.getColumns().stream()
                .map(c -> "`" + c.getName() + "` " + c.getDataType().getLogicalType().copy(true).asSummaryString()
                        .replace(" *ROWTIME*", ""))
                .collect(Collectors.joining(", "));
        assertThat(columns).isEqualTo(ProductViews.BASE_TABLE_COLUMNS);
        assertThat(schema.getColumn("event_time").orElseThrow().getDataType().toString()).contains("*ROWTIME*");
    }
}
