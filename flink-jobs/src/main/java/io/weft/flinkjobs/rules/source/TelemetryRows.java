package io.weft.flinkjobs.rules.source;

import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.tsl.PropertyPoint;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;
import tools.jackson.databind.node.ObjectNode;

/**
 * Telemetry as rows of the base table {@code weft_telemetry}, without {@code event_time} (that column is the
 * stream's event timestamp, see {@link TelemetryTable}): {@code items} is the post's values in Alibaba's JSON form
 * {@code {"Temp":{"value":23.5,"time":1524448722000}}}, and {@code topic} the Alink topic the device posted on.
 */
public final class TelemetryRows implements MapFunction<Telemetry, Row> {

    /** The row's fields, in the order of the base table's columns (event_time left out). */
    public static final String[] FIELDS = {"product_key", "device_name", "kind", "identifier", "message_id", "topic",
            "items"};

    public static TypeInformation<Row> type() {
        return Types.ROW_NAMED(FIELDS, Types.STRING, Types.STRING, Types.STRING, Types.STRING, Types.LONG,
                Types.STRING, Types.STRING);
    }

    @Override
    public Row map(Telemetry t) {
        return Row.of(t.productKey(), t.deviceName(), t.kind(), t.identifier(), t.messageId(), topic(t), items(t));
    }

    /** The device's time of a post: the latest of its points' times, or the receive time when it has none. */
    public static long eventTime(Telemetry t) {
        long time = Long.MIN_VALUE;
        for (PropertyPoint p : t.points()) {
            time = Math.max(time, p.time());
        }
        return time > 0 ? time : t.receivedAt();
    }

    static String topic(Telemetry t) {
        String what = Telemetry.EVENT.equals(t.kind()) ? t.identifier() : "property";
        return "/sys/" + t.productKey() + "/" + t.deviceName() + "/thing/event/" + what + "/post";
    }

    static String items(Telemetry t) {
        ObjectNode items = Json.object();
        for (PropertyPoint p : t.points()) {
            ObjectNode point = items.putObject(p.identifier());
            point.set("value", Json.MAPPER.valueToTree(p.value()));
            point.put("time", p.time());
        }
        return Json.MAPPER.writeValueAsString(items);
    }
}
