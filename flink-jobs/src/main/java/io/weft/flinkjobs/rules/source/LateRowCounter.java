package io.weft.flinkjobs.rules.source;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes every record on and counts, in the metric {@code lateRows}, those whose event time is behind the current
 * watermark when they arrive: the rows a window over event time will drop. Plain filters still see them.
 */
final class LateRowCounter<T> extends ProcessFunction<T, T> {
    private transient Counter late;

    @Override
    public void open(OpenContext context) {
        late = getRuntimeContext().getMetricGroup().counter("lateRows");
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        Long time = ctx.timestamp();
        if (time != null && time < ctx.timerService().currentWatermark()) {
            late.inc();
        }
        out.collect(value);
    }
}
