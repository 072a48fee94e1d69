package io.weft.core.store;

/**
 * The tables of rules' store destinations: each is created on first use with the columns Weft keeps (event time,
 * rule, product, device) and gains a column per output as results name them, typed by the first value written. A
 * store keeps one row per (event time, rule, device) of a table, so replaying results after a failure overwrites
 * rows instead of adding any. Implementations need not be thread-safe.
 */
public interface ResultTables {

    /**
     * Makes {@code row}'s table ready for it: creates the table and the columns it lacks, and checks the columns the
     * row names against the table's.
     *
     * @return the row with its values converted to the table's column types (a whole number into a DOUBLE column
     *         becomes a Double), for {@link ResultWriter#write}
     * @throws RejectedResult when the row cannot be stored as it is: an output whose type differs from its column's,
     *                        or whose name clashes with a column Weft keeps, with another output or with the store's
     *                        naming rules
     * @throws StoreException when the store is unreachable or refuses a statement
     */
    ResultRow admit(ResultRow row) throws RejectedResult;

    /** A result that the store cannot hold as it is; the message says why, for the rule's error destination. */
    final class RejectedResult extends Exception {
        public RejectedResult(String message) {
            super(message);
        }
    }
}
