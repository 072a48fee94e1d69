package io.weft.controlplane.scene;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The Alibaba rule SQL a property, event or status scene runs as:
 * <ul>
 *   <li>property: {@code SELECT {property}, {condition properties}, deviceName() AS deviceName FROM
 *       "/{pk}/{dn}/thing/event/property/post" WHERE {property} {op} {value} AND {conditions}};</li>
 *   <li>event: {@code SELECT *, deviceName() AS deviceName FROM "/{pk}/{dn}/thing/event/{event}/post"} and the
 *       conditions on its output parameters as WHERE;</li>
 *   <li>status: {@code SELECT status, productKey, deviceName, lastTime, utcLastTime, clientIp FROM
 *       "/as/mqtt/status/{pk}/{dn}" WHERE status = 'offline'} (Alibaba's device-status source and fields).</li>
 * </ul>
 * {@code dn} is the trigger's device, or {@code +} for every device of the product. Names are checked by
 * {@link SceneReader} (identifiers only), and values are numbers or quoted text, so the text is always one rule.
 */
final class SceneSql {
    /** Alibaba's fields of a device-status message. */
    static final List<String> STATUS_FIELDS = List.of("status", "productKey", "deviceName", "lastTime",
            "utcLastTime", "clientIp");

    private SceneSql() {
    }

    /** The rule SQL of a scene that runs as a rule. */
    static String of(Scene scene) {
        SceneTrigger trigger = scene.trigger();
        if (trigger instanceof SceneTrigger.Property p) {
            Set<String> columns = new LinkedHashSet<>();
            columns.add(p.property());
            scene.conditions().forEach(c -> columns.add(c.property()));
            List<String> where = new ArrayList<>();
            where.add(comparison(p.property(), p.operator(), p.value()));
            scene.conditions().forEach(c -> where.add(comparison(c.property(), c.operator(), c.value())));
            return "SELECT " + String.join(", ", columns) + ", deviceName() AS deviceName FROM \"/" + p.productKey()
                    + "/" + device(p.deviceName()) + "/thing/event/property/post\" WHERE "
                    + String.join(" AND ", where);
        }
        if (trigger instanceof SceneTrigger.Event e) {
            String sql = "SELECT *, deviceName() AS deviceName FROM \"/" + e.productKey() + "/" + device(e.deviceName())
                    + "/thing/event/" + e.event() + "/post\"";
            List<String> where = scene.conditions().stream()
                    .map(c -> comparison(c.property(), c.operator(), c.value())).toList();
            return where.isEmpty() ? sql : sql + " WHERE " + String.join(" AND ", where);
        }
        if (trigger instanceof SceneTrigger.Status s) {
            return "SELECT " + String.join(", ", STATUS_FIELDS) + " FROM \"/as/mqtt/status/" + s.productKey() + "/"
                    + device(s.deviceName()) + "\" WHERE status = " + literal(s.status());
        }
        throw new IllegalArgumentException("a schedule scene runs in the control plane, not as a rule");
    }

    private static String device(String deviceName) {
        return deviceName == null || deviceName.isEmpty() ? "+" : deviceName;
    }

    private static String comparison(String property, SceneCondition.Operator operator, JsonNode value) {
        return property + " " + operator.sql() + " " + literal(value);
    }

    private static String literal(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue() ? "1" : "0";
        }
        if (value.isNumber()) {
            return value.toString();
        }
        return literal(value.stringValue());
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
