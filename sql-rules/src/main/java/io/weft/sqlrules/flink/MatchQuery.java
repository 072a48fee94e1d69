package io.weft.sqlrules.flink;

import java.util.List;

/**
 * The dry-run form of an Alibaba rule: the rule's query without its WHERE, selecting for every message of the view
 * its message id, device and event time, each condition the rule's WHERE is made of as a boolean column, and
 * whether the whole WHERE holds ({@value #MATCHED_COLUMN}). A message matches exactly when that column is TRUE:
 * FALSE or NULL (SQL's unknown, such as a comparison with a property the post did not carry) means the rule's query
 * drops it. Reading the conditions that are not TRUE tells why.
 *
 * @param query      Flink SQL over {@code view}, one row per message of the view
 * @param conditions the conditions, in the order the analyst wrote them: the top-level terms of the WHERE's AND
 *                   (the whole WHERE when it is not an AND), after the topic filter's device when it names one
 */
public record MatchQuery(ProductView view, String query, List<Condition> conditions) {
    /** The column with the message id. */
    public static final String MESSAGE_ID_COLUMN = "_weft_message_id";
    /** The column with the whole WHERE's value. */
    public static final String MATCHED_COLUMN = "_weft_matched";

    public MatchQuery {
        conditions = List.copyOf(conditions);
    }

    /**
     * One condition of a rule's WHERE.
     *
     * @param column the query column with its value (TRUE, FALSE or NULL)
     * @param sql    the condition as the analyst wrote it, such as {@code temperature > 38}
     */
    public record Condition(String column, String sql) {
    }
}
