package io.weft.sqlrules.alibaba;

import java.util.List;

/**
 * The message a rule reads from {@code /as/mqtt/status/{pk}/{dn}}: one per device session change, with Alibaba's
 * fields, all text ({@code {"status":"offline","productKey":"a1...","deviceName":"d1","time":"2018-08-31
 * 15:32:28.205","utcTime":"2018-08-31T07:32:28.205Z","lastTime":...,"utcLastTime":...,"clientIp":"..."}}), plus
 * {@code reason}, a Weft addition: why an offline session ended ({@code CLIENT_DISCONNECT},
 * {@code KEEPALIVE_TIMEOUT}, ...; null when online).
 *
 * <p>Weft knows one time per change (the edge's clock when the session began or ended), so {@code time} equals
 * {@code lastTime} and {@code utcTime} equals {@code utcLastTime}; Alibaba's {@code lastTime} is the device's last
 * communication before the change. Alibaba's {@code iotId} is not carried: Weft names a device by product key and
 * device name.
 */
public final class StatusMessage {
    /** The fields a rule reads, in the order {@code SELECT *} gives them. */
    public static final List<String> FIELDS = List.of("status", "productKey", "deviceName", "time", "utcTime",
            "lastTime", "utcLastTime", "clientIp", "reason");

    /** {@code status}'s values. */
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    private StatusMessage() {
    }

    /** The levels of a device's status topic: {@code /as/mqtt/status/{pk}/{dn}}. */
    public static String topic(String productKey, String deviceName) {
        return "/as/mqtt/status/" + productKey + "/" + deviceName;
    }
}
