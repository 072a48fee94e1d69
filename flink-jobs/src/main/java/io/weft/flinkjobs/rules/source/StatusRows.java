package io.weft.flinkjobs.rules.source;

import io.weft.core.envelope.Presence;
import io.weft.core.json.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;
import tools.jackson.databind.node.ObjectNode;

/**
 * Presence events as rows of the base table {@code weft_device_status}, without {@code event_time} (the stream's
 * event timestamp, {@link Presence#time()}, see {@link StatusTable}): the session change in the form of Alibaba's
 * status message on {@code /as/mqtt/status/{pk}/{dn}}. {@code status} is {@code online} or {@code offline};
 * {@code last_time} is the change's time as {@code yyyy-MM-dd HH:mm:ss.SSS} in the platform's time zone and
 * {@code utc_last_time} as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC (Alibaba writes them in UTC+8 and UTC);
 * {@code payload} is the message's JSON with Alibaba's field names and Weft's {@code reason}. (sql-rules'
 * {@code StatusMessage} documents the fields; this module does not depend on sql-rules at run time.)
 */
public final class StatusRows implements MapFunction<Presence, Row> {

    /** The row's fields, in the order of the status table's columns (event_time left out). */
    public static final String[] FIELDS = {"product_key", "device_name", "status", "last_time", "utc_last_time",
            "client_ip", "reason", "session_epoch", "topic", "payload"};

    private static final String ONLINE = "online";
    private static final String OFFLINE = "offline";
    private static final String LOCAL_PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";
    private static final String UTC_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
    private final ZoneId zone;
    private transient DateTimeFormatter local;
    private transient DateTimeFormatter utc;

    /** {@code zone}: the platform's time zone, as the rule job's {@code --time-zone}. */
    public StatusRows(ZoneId zone) {
        this.zone = zone;
    }

    public static TypeInformation<Row> type() {
        return Types.ROW_NAMED(FIELDS, Types.STRING, Types.STRING, Types.STRING, Types.STRING, Types.STRING,
                Types.STRING, Types.STRING, Types.LONG, Types.STRING, Types.STRING);
    }

    @Override
    public Row map(Presence p) {
        if (local == null) {
            local = DateTimeFormatter.ofPattern(LOCAL_PATTERN, Locale.ROOT).withZone(zone);
            utc = DateTimeFormatter.ofPattern(UTC_PATTERN, Locale.ROOT).withZone(ZoneOffset.UTC);
        }
        Instant time = Instant.ofEpochMilli(p.time());
        String status = p.state() == Presence.State.ONLINE ? ONLINE : OFFLINE;
        String lastTime = local.format(time);
        String utcLastTime = utc.format(time);
        ObjectNode payload = Json.object();
        payload.put("status", status);
        payload.put("productKey", p.productKey());
        payload.put("deviceName", p.deviceName());
        payload.put("time", lastTime);
        payload.put("utcTime", utcLastTime);
        payload.put("lastTime", lastTime);
        payload.put("utcLastTime", utcLastTime);
        payload.put("clientIp", p.clientIp());
        payload.put("reason", p.reason());
        return Row.of(p.productKey(), p.deviceName(), status, lastTime, utcLastTime, p.clientIp(), p.reason(),
                p.sessionEpoch(), "/as/mqtt/status/" + p.productKey() + "/" + p.deviceName(),
                Json.MAPPER.writeValueAsString(payload));
    }
}
