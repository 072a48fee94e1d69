package io.weft.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rule's result JSON as a row of its store destination's table: typed columns from JSON values. */
class ResultRowTest {

    @Test
    void of_typesEachOutputFromItsJsonValue_andLeavesOutNullsAndNonOutputs() {
        ResultRow row = ResultRow.of("hot", "r1", "pk", "d1", 1000L, Json.tree("""
                {"n": 3, "x": 3.5, "whole": 4.0, "on": true, "s": "text", "none": null,
                 "nested": {"a": [1, 2]}, "ruleId": "r1", "deviceName": "d1"}"""),
                List.of("n", "x", "whole", "on", "s", "none", "nested", "missing"));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("n", 3L);
        expected.put("x", 3.5d);
        expected.put("whole", 4.0d);
        expected.put("on", true);
        expected.put("s", "text");
        expected.put("nested", "{\"a\":[1,2]}");
        assertThat(row.columns()).containsExactlyEntriesOf(expected);
        assertThat(row).extracting(ResultRow::table, ResultRow::ruleId, ResultRow::deviceName, ResultRow::eventTime)
                .containsExactly("hot", "r1", "d1", 1000L);
    }

    @Test
    void columnsJson_readBackByOf_givesEqualValues_soADoubleStaysADouble() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("d", 3.0d);
        columns.put("l", 3L);
        columns.put("b", false);
        columns.put("s", "x");
        ResultRow row = new ResultRow("t", "r", "pk", null, 5L, columns);

        ResultRow back = ResultRow.of("t", "r", "pk", null, 5L, Json.tree(row.columnsJson()),
                List.copyOf(columns.keySet()));

        assertThat(back).isEqualTo(row);
        assertThat(back.columns().get("d")).isInstanceOf(Double.class);
    }
}
