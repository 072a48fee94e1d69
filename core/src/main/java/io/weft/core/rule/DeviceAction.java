package io.weft.core.rule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.weft.core.envelope.Downlink;
import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A destination that acts on one device with an Alink request, as Alibaba's scene linkage does: a property set
 * ({@link Destination.SetProperty}) or a service call ({@link Destination.InvokeService}).
 *
 * <p>{@code params} is a JSON object. A value that is exactly the text {@code "${column}"} is a <em>reference</em>:
 * it takes the result's column {@code column}, typed as in the result JSON (a number stays a number). Any other value
 * is a constant, sent as written. A reference to a column the result lacks (absent or null) cannot be sent: {@link
 * #request} says which column, and the runtime sends the result to the rule's error destination instead.
 */
public sealed interface DeviceAction extends Destination permits Destination.SetProperty, Destination.InvokeService {

    /** {@code ${column}}, the whole value: a reference to a result column. */
    Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    String productKey();

    String deviceName();

    JsonNode params();

    /** The device topic the request is published on. */
    @JsonIgnore
    String topic();

    /** The Alink method of the request. */
    @JsonIgnore
    String method();

    /** The column {@code value} refers to ({@code "${column}"}), if it is a reference. */
    static Optional<String> reference(JsonNode value) {
        if (value == null || !value.isString()) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(value.stringValue());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The result columns {@code params} refers to, in order. */
    default Set<String> references() {
        Set<String> columns = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : params().properties()) {
            reference(e.getValue()).ifPresent(columns::add);
        }
        return columns;
    }

    /**
     * The Alink request for one result, {@code {"id","version":"1.0","params":{...},"method"}}, with every reference
     * replaced by the result's column.
     *
     * @param alinkId the request's id, a decimal 0..4294967295 (see {@link #alinkId})
     * @param result  the result JSON object (or null for an action with constants only)
     * @throws MissingColumn when a reference names a column that the result lacks or that is null
     */
    default ObjectNode request(String alinkId, JsonNode result) {
        ObjectNode params = Json.object();
        for (Map.Entry<String, JsonNode> e : params().properties()) {
            Optional<String> column = reference(e.getValue());
            if (column.isPresent()) {
                JsonNode value = result == null ? null : result.get(column.get());
                if (value == null || value.isNull()) {
                    throw new MissingColumn(column.get(), e.getKey());
                }
                params.set(e.getKey(), value);
            } else {
                params.set(e.getKey(), e.getValue());
            }
        }
        ObjectNode request = Json.object();
        request.put("id", alinkId);
        request.put("version", "1.0");
        request.set("params", params);
        request.put("method", method());
        return request;
    }

    /**
     * The downlink on {@code weft.down} for one result: the Alink request on {@link #topic()}, QoS 0, no deadline.
     * Its Alink id is {@link #alinkId} of {@code messageId}.
     *
     * @throws MissingColumn as {@link #request}
     */
    default Downlink downlink(long messageId, JsonNode result) {
        byte[] payload = Json.MAPPER.writeValueAsString(request(alinkId(messageId), result))
                .getBytes(StandardCharsets.UTF_8);
        return new Downlink(messageId, productKey(), deviceName(), topic(), payload, 0, 0L);
    }

    /** An Alink id from a platform message id: its low 32 bits as a decimal (Alibaba's ids are 0..4294967295). */
    static String alinkId(long messageId) {
        return Long.toString(messageId & 0xFFFF_FFFFL);
    }

    /** A copy of {@code params}, an empty object when null. */
    static JsonNode copyOf(JsonNode params) {
        return params == null || params.isNull() || params.isMissingNode() ? Json.object() : params.deepCopy();
    }

    /** A reference to a result column that the result lacks, or that is null. */
    final class MissingColumn extends RuntimeException {
        private final String column;

        public MissingColumn(String column, String param) {
            super("the result has no column '" + column + "' for param '" + param + "'");
            this.column = column;
        }

        public String column() {
            return column;
        }
    }
}
