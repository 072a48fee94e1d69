package io.weft.core.envelope;

import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An {@link Uplink}'s one JSON form, written for the edges' hot path: byte for byte what {@link Json#write} makes of
 * it (the same field order, the payload as standard base64 with padding), built straight into one array of the exact
 * size instead of through Jackson's serializers. Taken when every text field is printable ASCII without {@code "} or
 * {@code \}, which needs no escaping (devices' topics and names are); anything else, and null fields, go through
 * {@link Json#write}, so escaping stays Jackson's. {@code UplinkJsonTest} holds the two to the same bytes, and fails if
 * {@link Uplink} gains a field this class does not write.
 */
public final class UplinkJson {
    private static final byte[] MESSAGE_ID = ascii("{\"messageId\":");
    private static final byte[] PRODUCT_KEY = ascii(",\"productKey\":\"");
    private static final byte[] DEVICE_NAME = ascii("\",\"deviceName\":\"");
    private static final byte[] TOPIC = ascii("\",\"topic\":\"");
    private static final byte[] PAYLOAD = ascii("\",\"payload\":\"");
    private static final byte[] QOS = ascii("\",\"qos\":");
    private static final byte[] PROTOCOL = ascii(",\"protocol\":\"");
    private static final byte[] EDGE = ascii("\",\"edge\":\"");
    private static final byte[] RECEIVED_AT = ascii("\",\"receivedAt\":");
    private static final byte[] END = ascii("}");

    private UplinkJson() {
    }

    /** The JSON form of the uplink, as {@link Json#write} writes it. */
    public static byte[] write(Uplink uplink) {
        String productKey = uplink.productKey();
        String deviceName = uplink.deviceName();
        String topic = uplink.topic();
        String protocol = uplink.protocol();
        String edge = uplink.edge();
        byte[] payload = uplink.payload();
        if (payload == null || !plain(productKey) || !plain(deviceName) || !plain(topic) || !plain(protocol)
                || !plain(edge)) {
            return Json.write(uplink);
        }
        String messageId = Long.toString(uplink.messageId());
        String qos = Integer.toString(uplink.qos());
        String receivedAt = Long.toString(uplink.receivedAt());
        byte[] base64 = Base64.getEncoder().encode(payload);
        int size = MESSAGE_ID.length + messageId.length() + PRODUCT_KEY.length + productKey.length()
                + DEVICE_NAME.length + deviceName.length() + TOPIC.length + topic.length() + PAYLOAD.length
                + base64.length + QOS.length + qos.length() + PROTOCOL.length + protocol.length() + EDGE.length
                + edge.length() + RECEIVED_AT.length + receivedAt.length() + END.length;
        byte[] out = new byte[size];
        int at = put(out, 0, MESSAGE_ID);
        at = put(out, at, messageId);
        at = put(out, at, PRODUCT_KEY);
        at = put(out, at, productKey);
        at = put(out, at, DEVICE_NAME);
        at = put(out, at, deviceName);
        at = put(out, at, TOPIC);
        at = put(out, at, topic);
        at = put(out, at, PAYLOAD);
        at = put(out, at, base64);
        at = put(out, at, QOS);
        at = put(out, at, qos);
        at = put(out, at, PROTOCOL);
        at = put(out, at, protocol);
        at = put(out, at, EDGE);
        at = put(out, at, edge);
        at = put(out, at, RECEIVED_AT);
        at = put(out, at, receivedAt);
        put(out, at, END);
        return out;
    }

    /** Non-null, and only characters JSON strings hold as they are: printable ASCII but {@code "} and {@code \}. */
    private static boolean plain(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** An ASCII string, one byte per character. */
    private static int put(byte[] out, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out[at + i] = (byte) ascii.charAt(i);
        }
        return at + ascii.length();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
