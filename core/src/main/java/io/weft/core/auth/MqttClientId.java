package io.weft.core.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An Alibaba MQTT clientId: {@code id|key=value,key=value|}. Pairs may come in any order and unknown pairs are
 * kept but ignored (Alibaba's C SDK sends {@code _v}, {@code lan}, {@code gw}, {@code ext}). A clientId without
 * the {@code |...|} part is plain: {@code params} is empty.
 */
public record MqttClientId(String id, Map<String, String> params) {

    public MqttClientId {
        params = Map.copyOf(params);
    }

    public static MqttClientId parse(String clientId) {
        int bar = clientId.indexOf('|');
        if (bar < 0) {
            return new MqttClientId(clientId, Map.of());
        }
        String id = clientId.substring(0, bar);
        int end = clientId.lastIndexOf('|');
        String body = end > bar ? clientId.substring(bar + 1, end) : clientId.substring(bar + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new MqttClientId(id, params);
    }

    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /** {@code securemode}, {@code signmethod}, {@code timestamp}, {@code authType}, {@code random}, {@code ext}. */
    public Optional<SignMethod> signMethod() {
        return param("signmethod").flatMap(SignMethod::fromWire);
    }

    public Optional<String> timestamp() {
        return param("timestamp");
    }

    public String format() {
        if (params.isEmpty()) {
            return id;
        }
        StringBuilder out = new StringBuilder(id).append('|');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) {
                out.append(',');
            }
            out.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return out.append('|').toString();
    }
}
