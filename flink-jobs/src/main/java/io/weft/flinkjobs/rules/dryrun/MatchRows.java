package io.weft.flinkjobs.rules.dryrun;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.types.Row;

/** Reads a row of a {@link MatchColumns} query into a {@link DryRunRow.Kind#MATCH} row. */
final class MatchRows implements MapFunction<Row, DryRunRow> {
    private final int messageId;
    private final int matched;
    private final List<String> columns;
    private final int[] indexes;

    MatchRows(MatchColumns match, ResolvedSchema schema) {
        List<String> names = schema.getColumnNames();
        this.messageId = index(names, MatchColumns.MESSAGE_ID_COLUMN);
        this.matched = index(names, MatchColumns.MATCHED_COLUMN);
        this.columns = match.conditions().stream().map(MatchColumns.Condition::column).toList();
        this.indexes = columns.stream().mapToInt(c -> index(names, c)).toArray();
    }

    private static int index(List<String> names, String column) {
        int i = names.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("the match query has no column " + column + ": " + names);
        }
        return i;
    }

    @Override
    public DryRunRow map(Row row) {
        List<String> falseColumns = new ArrayList<>();
        List<String> unknownColumns = new ArrayList<>();
        for (int i = 0; i < indexes.length; i++) {
            Object value = row.getField(indexes[i]);
            if (value == null) {
                unknownColumns.add(columns.get(i));
            } else if (Boolean.FALSE.equals(value)) {
                falseColumns.add(columns.get(i));
            }
        }
        return DryRunRow.match(((Number) row.getField(messageId)).longValue(),
                Boolean.TRUE.equals(row.getField(matched)), falseColumns, unknownColumns);
    }
}
