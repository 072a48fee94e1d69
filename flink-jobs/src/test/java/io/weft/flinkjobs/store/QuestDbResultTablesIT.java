package io.weft.flinkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.store.ResultRow;
import io.weft.core.store.ResultTables;
import io.weft.core.store.questdb.QuestDbResultTables;
import io.weft.core.store.questdb.QuestDbWriter;
import io.weft.flinkjobs.testing.EmbeddedQuestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's result tables and writer against a real QuestDB, without Flink: what the table keys make of replays
 * (also of results about no device), how a column keeps its first type, and two writers adding one column at once.
 */
class QuestDbResultTablesIT {
    @TempDir
    static Path dir;
    private static EmbeddedQuestDb questDb;

    private String table;

    @BeforeAll
    static void startStore() throws Exception {
        questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
    }

    @AfterAll
    static void stopStore() {
        if (questDb != null) {
            questDb.close();
        }
    }

    @BeforeEach
    void ownTable() {
        table = "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
    }

    /**
     * Verifies that a replayed row overwrites itself, also when the result names no device (device null is a key
     * value like any other), while a row at another time is added.
     */
    @Test
    void replayedRows_overwriteThemselves_alsoWithoutADevice() throws Exception {
        ResultTables tables = new QuestDbResultTables(questDb.httpAddress());
        ResultRow noDevice = row(null, 1000L, "n", 1L);
        ResultRow withDevice = row("d1", 1000L, "n", 2L);
        try (QuestDbWriter writer = new QuestDbWriter(questDb.httpAddress())) {
            for (int replay = 0; replay < 2; replay++) {
                writer.write(tables.admit(noDevice));
                writer.write(tables.admit(withDevice));
                writer.flush();
            }
            writer.write(tables.admit(row("d1", 2000L, "n", 3L)));
            writer.flush();
        }
        String name = "rule_" + table;
        await().atMost(Duration.ofSeconds(30)).until(() -> questDb.count(name, "n = 3"), n -> n == 1);
        assertThat(questDb.count(name, null)).isEqualTo(3);
        assertThat(questDb.count(name, "device IS NULL")).isEqualTo(1);
    }

    /** Verifies that a column keeps its first type: a whole number into DOUBLE is widened, text is refused. */
    @Test
    void column_keepsItsFirstType_wideningWholeNumbersOnly() throws Exception {
        ResultTables tables = new QuestDbResultTables(questDb.httpAddress());
        tables.admit(row("d1", 1000L, "v", 1.5d));

        assertThat(tables.admit(row("d1", 2000L, "v", 2L)).columns()).containsEntry("v", 2.0d);
        assertThatThrownBy(() -> tables.admit(row("d1", 3000L, "v", "x")))
                .isInstanceOf(ResultTables.RejectedResult.class)
                .hasMessage("the output 'v' is VARCHAR (x) but the column of rule_" + table + " is DOUBLE; a result"
                        + " table's column keeps the type of its first value, so write this rule to another table or"
                        + " CAST the output");
    }

    /**
     * Verifies the race of two writers (two subtasks, or two rules) that both know the table without the column and
     * add it with different types: the second sees the first one's type and refuses its row.
     */
    @Test
    void twoWritersAddingOneColumn_theSecondSeesTheFirstsType() throws Exception {
        ResultTables first = new QuestDbResultTables(questDb.httpAddress());
        ResultTables second = new QuestDbResultTables(questDb.httpAddress());
        first.admit(row("d1", 1000L, "other", 1L));
        second.admit(row("d1", 1000L, "other", 1L));

        first.admit(row("d1", 2000L, "v", 1L));

        assertThatThrownBy(() -> second.admit(row("d2", 2000L, "v", "x")))
                .isInstanceOf(ResultTables.RejectedResult.class).hasMessageContaining("is LONG");
    }

    /** Verifies that outputs clashing with the kept columns, or with each other by case, are refused. */
    @Test
    void clashingNames_areRefused() {
        ResultTables tables = new QuestDbResultTables(questDb.httpAddress());
        assertThatThrownBy(() -> tables.admit(row("d1", 1000L, "Device", "x")))
                .hasMessageStartingWith("the output 'Device' clashes with the column device that Weft keeps");
        Map<String, Object> twice = new LinkedHashMap<>();
        twice.put("t", 1L);
        twice.put("T", 2L);
        assertThatThrownBy(() -> tables.admit(new ResultRow(table, "r", "pk", "d1", 1000L, twice)))
                .hasMessageStartingWith("the outputs 't' and 'T' would be one column");
        assertThatThrownBy(() -> tables.admit(row("d1", 1000L, "a.b", 1L)))
                .hasMessageStartingWith("the output 'a.b' is not a QuestDB column name");
    }

    private ResultRow row(String device, long time, String column, Object value) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put(column, value);
        return new ResultRow(table, "r", "pk", device, time, columns);
    }
}
