package io.weft.core.store.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Names of result tables: prefixed apart from telemetry tables, one per case-insensitive name, validated. */
class QuestDbTablesTest {

    @Test
    void ruleResults_isPrefixedAndLowerCase_soItNeverMeetsATelemetryTable() {
        assertThat(QuestDbTables.ruleResults("Hot_Rooms")).isEqualTo("rule_hot_rooms");
        assertThat(QuestDbTables.ruleResults("p_a1")).isEqualTo("rule_p_a1")
                .isNotEqualTo(QuestDbTables.properties("a1"));
    }

    @Test
    void ruleResults_refusesNamesThatAreNotIdentifiers() {
        for (String bad : new String[] {"1st", "a-b", "a\"; DROP TABLE x", "", "x".repeat(65)}) {
            assertThatThrownBy(() -> QuestDbTables.ruleResults(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a result table name");
        }
    }

    @Test
    void createResultTable_dedupsOnEventTimeRuleAndDevice() {
        assertThat(QuestDbTables.createResultTable("rule_hot")).isEqualTo("CREATE TABLE IF NOT EXISTS \"rule_hot\""
                + " (ts TIMESTAMP, rule_id SYMBOL, product_key SYMBOL, device SYMBOL) TIMESTAMP(ts) PARTITION BY DAY"
                + " WAL DEDUP UPSERT KEYS(ts, rule_id, device)");
    }
}
