package io.weft.bench.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The message every bench device sends, and the thing model that makes it valid: an Alink property post with a
 * float {@code Temp} and a text {@code Pad} of {@code x}s that brings the JSON to the size asked for, e.g.
 * {@code {"id":"7","version":"1.0","params":{"Temp":20.7,"Pad":"xxxx"},"method":"thing.event.property.post"}}.
 * All characters are ASCII, so characters and bytes agree.
 */
public final class PropertyPost {
    /** Length of the thing model's {@code Pad} text unless a larger payload needs more. */
    static final int PAD_LENGTH = 512;
    private static final String HEAD = "{\"id\":\"";
    private static final String AFTER_ID = "\",\"version\":\"1.0\",\"params\":{\"Temp\":";
    private static final String AFTER_TEMP = ",\"Pad\":\"";
    private static final String TAIL = "\"},\"method\":\"thing.event.property.post\"}";
    private static final int FIXED = HEAD.length() + AFTER_ID.length() + AFTER_TEMP.length() + TAIL.length();

    private final int payloadBytes;
    private final String pads;

    /** @param payloadBytes target size; a message never gets smaller than its JSON without padding */
    public PropertyPost(int payloadBytes) {
        this.payloadBytes = payloadBytes;
        char[] x = new char[padLength(payloadBytes)];
        Arrays.fill(x, 'x');
        this.pads = new String(x);
    }

    /** The property post with Alink id {@code id} (0..4294967295), padded to the target size. */
    public byte[] payload(long id) {
        String idText = Long.toString(id);
        String temp = temperature(id);
        int pad = Math.max(0, payloadBytes - FIXED - idText.length() - temp.length());
        return (HEAD + idText + AFTER_ID + temp + AFTER_TEMP + pads.substring(0, Math.min(pad, pads.length()))
                + TAIL).getBytes(StandardCharsets.US_ASCII);
    }

    /** A value in 20.0..29.9 with one decimal, built as text so that no binary rounding shows. */
    static String temperature(long id) {
        int tenths = 200 + (int) (id % 100);
        return tenths / 10 + "." + tenths % 10;
    }

    /** The {@code Pad} length the thing model declares: {@value #PAD_LENGTH}, or more for larger payloads. */
    static int padLength(int payloadBytes) {
        return Math.max(PAD_LENGTH, payloadBytes);
    }

    /** The TSL of the bench product: {@code Temp} (float) and {@code Pad} (text). */
    public String thingModelJson() {
        return "{\"properties\":["
                + "{\"identifier\":\"Temp\",\"name\":\"Temperature\",\"accessMode\":\"r\","
                + "\"dataType\":{\"type\":\"float\",\"specs\":{\"min\":\"-40\",\"max\":\"120\",\"unit\":\"°C\"}}},"
                + "{\"identifier\":\"Pad\",\"name\":\"Padding\",\"accessMode\":\"r\","
                + "\"dataType\":{\"type\":\"text\",\"specs\":{\"length\":\"" + pads.length() + "\"}}}]}";
    }
}
