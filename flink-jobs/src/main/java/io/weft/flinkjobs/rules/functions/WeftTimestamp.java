package io.weft.flinkjobs.rules.functions;

import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Alibaba's {@code timestamp([format])} and {@code timestamp_utc([format])}: the time the rule handles the message
 * (not the device's time), as epoch ms without a format, or formatted with a {@link SimpleDateFormat} pattern in
 * {@code zone} (the platform's time zone for {@code timestamp}, UTC for {@code timestamp_utc}). Not deterministic:
 * the planner must not fold it into a constant when the query is planned. A pattern that is not valid gives NULL
 * (the rule compiler refuses one, so only a hand-written rule sees it).
 */
public final class WeftTimestamp extends ScalarFunction {
    private final String zone;
    private final Clock clock;
    private transient Map<String, SimpleDateFormat> formats;

    public WeftTimestamp(ZoneId zone) {
        this(zone, Clock.systemUTC());
    }

    WeftTimestamp(ZoneId zone, Clock clock) {
        this.zone = zone.getId();
        this.clock = clock;
    }

    public Long eval() {
        return clock.millis();
    }

    public String eval(String format) {
        if (format == null) {
            return null;
        }
        if (formats == null) {
            formats = new HashMap<>();
        }
        SimpleDateFormat f = formats.get(format);
        if (f == null) {
            try {
                f = new SimpleDateFormat(format);
            } catch (IllegalArgumentException e) {
                return null;
            }
            f.setTimeZone(TimeZone.getTimeZone(zone));
            formats.put(format, f);
        }
        return f.format(new Date(clock.millis()));
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
