package io.weft.core.store;

/**
 * Writes rows of rule results, admitted by {@link ResultTables#admit}, to the time-series store. Writes are
 * idempotent: a row is identified by its table, event time, rule and device, so a replay overwrites it.
 */
public interface ResultWriter extends AutoCloseable {

    /** Buffers the row; it is durable once {@link #flush()} returns. */
    void write(ResultRow row);

    /** Makes everything written so far durable and queryable. */
    void flush();

    @Override
    void close();
}
