package io.weft.bench.rules;

import java.nio.charset.StandardCharsets;

/**
 * What the devices of a device → alert run send, and the thing model that makes it valid: Alink property posts of a
 * thermostat with {@code temperature} (float, °C) and {@code humidity} (int, %), e.g.
 * {@code {"id":"7","version":"1.0","params":{"temperature":23.4,"humidity":47},"method":"thing.event.property.post"}}.
 * A cool post is at 15.0..34.9 °C; a hot one at {@value #HOT} °C, above the rule's {@value #THRESHOLD}.
 */
public final class ThermostatPost {
    /** The alert rule fires above this. */
    public static final int THRESHOLD = 80;
    /** The temperature of a hot post. */
    public static final String HOT = "85.0";

    private ThermostatPost() {
    }

    /** The TSL of the product, in Alibaba's JSON. */
    public static String thingModelJson() {
        return "{\"properties\":["
                + "{\"identifier\":\"temperature\",\"name\":\"Temperature\",\"accessMode\":\"r\","
                + "\"dataType\":{\"type\":\"float\",\"specs\":{\"min\":\"-40\",\"max\":\"120\",\"unit\":\"°C\"}}},"
                + "{\"identifier\":\"humidity\",\"name\":\"Humidity\",\"accessMode\":\"r\","
                + "\"dataType\":{\"type\":\"int\",\"specs\":{\"min\":\"0\",\"max\":\"100\",\"unit\":\"%\"}}}]}";
    }

    /** The alert rule of product {@code productKey}: every hot post raises it for its device. */
    public static String ruleSql(String productKey) {
        return "SELECT temperature, deviceName() AS dn FROM \"/" + productKey + "/+/thing/event/property/post\" "
                + "WHERE temperature > " + THRESHOLD;
    }

    /** Post {@code n} of the run (its Alink id), hot or cool. */
    public static byte[] payload(long n, boolean hot) {
        String temperature = hot ? HOT : cool(n);
        return ("{\"id\":\"" + (n & 0xFFFF_FFFFL) + "\",\"version\":\"1.0\",\"params\":{\"temperature\":"
                + temperature + ",\"humidity\":" + (30 + n % 50) + "},\"method\":\"thing.event.property.post\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** 15.0..34.9 °C, built as text so that no binary rounding shows. */
    static String cool(long n) {
        int tenths = 150 + (int) (n % 200);
        return tenths / 10 + "." + tenths % 10;
    }
}
