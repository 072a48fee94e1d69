package io.weft.sqlrules;

/**
 * One thing wrong with a rule, where it is and what to do about it. Lines and columns are 1-based, as Calcite's
 * parser counts them; the range is inclusive ({@code endColumn} is the last character of the offending text).
 */
public record RuleProblem(Kind kind, int line, int column, int endLine, int endColumn, String message) {

    public enum Kind {
        /** The text is not SQL the rule dialect accepts. */
        SYNTAX,
        /** The FROM topic filter is not a topic a rule can read. */
        UNKNOWN_SOURCE,
        /** The FROM topic names another product than the thing model's. */
        WRONG_PRODUCT,
        /** A property, event or parameter is not in the thing model. */
        UNKNOWN_PROPERTY,
        /** Values of types that do not fit together (a text property compared with a number, ...). */
        TYPE_MISMATCH,
        /** A function Alibaba's rule SQL does not have. */
        UNKNOWN_FUNCTION,
        /** A known function called with too few or too many arguments. */
        WRONG_ARITY,
        /** An argument that must be a constant of a given form is not (an unknown hash algorithm, ...). */
        BAD_ARGUMENT,
        /** Valid SQL that Alibaba's rule dialect does not have (GROUP BY, JOIN, ...) or Weft does not run yet. */
        UNSUPPORTED
    }

    /** {@code line 1, column 8: message}, the form the API and the docs show. */
    @Override
    public String toString() {
        return "line " + line + ", column " + column + ": " + message;
    }
}
