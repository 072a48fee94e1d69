package io.weft.core.store;

import io.weft.core.envelope.Telemetry;

/**
 * Writes validated telemetry to the time-series store. Writes are idempotent: a row is identified by device,
 * event time and message id, so replaying after a failure neither loses nor duplicates a row.
 */
public interface TelemetryWriter extends AutoCloseable {

    /** Buffers the record; it is durable once {@link #flush()} returns. */
    void write(Telemetry telemetry);

    /** Makes everything written so far durable and queryable. */
    void flush();

    @Override
    void close();
}
