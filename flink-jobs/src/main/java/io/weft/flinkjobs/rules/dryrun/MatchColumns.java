package io.weft.flinkjobs.rules.dryrun;

import java.io.Serializable;
import java.util.List;

/**
 * The dry-run form of an Alibaba rule's query, as sql-rules writes it ({@code AlibabaRules.matchQuery}): over the
 * rule's view, without its WHERE, one row per message with {@value #MESSAGE_ID_COLUMN}, each condition of the
 * WHERE as a boolean column, and the whole WHERE as {@value #MATCHED_COLUMN}. A message matched exactly when that
 * column is TRUE.
 *
 * @param conditions each condition's column and its text as the analyst wrote it, in the order written
 */
public record MatchColumns(String query, List<Condition> conditions) implements Serializable {
    public static final String MESSAGE_ID_COLUMN = "_weft_message_id";
    public static final String MATCHED_COLUMN = "_weft_matched";

    public MatchColumns {
        conditions = List.copyOf(conditions);
    }

    /** One condition: its query column and its text, such as {@code temperature > 38}. */
    public record Condition(String column, String sql) implements Serializable {
    }
}
