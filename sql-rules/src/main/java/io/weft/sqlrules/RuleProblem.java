package io.weft.sqlrules;

/**
 * One thing wrong with a rule, where it is and what to do about it. Lines and columns are 1-based, as Calcite's
 * parser counts them; the range is inclusive ({@code endColumn} is the last character of the offending text).
 */
public record RuleProblem(Kind kind, int line, int column, int endLine, int endColumn, String message) {

    public enum Kind {
        /** The text is not SQL the rule dialect accepts. */
        SYNTAX,
        /** The FROM topic filter is not a topic a rule can read (Flink SQL: a table that is not one of the views). */
        UNKNOWN_SOURCE,
        /** The FROM topic names another product than the thing model's. */
        WRONG_PRODUCT,
        /** A property, event or parameter is not in the thing model (Flink SQL: a column no table in scope has). */
        UNKNOWN_PROPERTY,
        /** Values of types that do not fit together (a text property compared with a number, ...). */
        TYPE_MISMATCH,
        /** A function the rule's dialect does not have. */
        UNKNOWN_FUNCTION,
        /** A known function called with too few or too many arguments. */
        WRONG_ARITY,
        /** An argument that must be a constant of a given form is not (an unknown hash algorithm, ...). */
        BAD_ARGUMENT,
        /**
         * Valid SQL that the rule's dialect does not have (Alibaba: GROUP BY, JOIN, ...; Flink SQL: anything but one
         * SELECT, such as INSERT or CREATE) or Weft does not run yet.
         */
        UNSUPPORTED,
        /**
         * Flink SQL only: a query whose names and types are right but that is not a valid query (a column neither
         * grouped nor aggregated, an aggregate in WHERE, ...).
         */
        INVALID_QUERY
    }

    /** {@code line 1, column 8: message}, the form the API and the docs show. */
    @Override
    public String toString() {
        return "line " + line + ", column " + column + ": " + message;
    }
}
