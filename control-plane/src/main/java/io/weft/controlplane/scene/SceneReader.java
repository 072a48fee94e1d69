package io.weft.controlplane.scene;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.device.DeviceRepository;
import io.weft.controlplane.product.Product;
import io.weft.controlplane.product.ProductRepository;
import io.weft.controlplane.rule.FieldProblem;
import io.weft.controlplane.rule.RuleChecker;
import io.weft.core.rule.Destination;
import io.weft.core.rule.DeviceAction;
import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads a scene from its JSON and checks it, so that only scenes that can run are stored: every thing wrong is one
 * {@link FieldProblem} at its path ({@code trigger.property}, {@code conditions[0].operator}, {@code actions[1].url}),
 * answered together as one 400 "Invalid scene" problem. Actions are read as the rules' destinations are
 * ({@link io.weft.controlplane.rule.DestinationReader}); the rule SQL of a rule scene is then checked by the rules'
 * own checker when its rule is written.
 */
@Component
public class SceneReader {
    static final String TITLE = "Invalid scene";
    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_DESCRIPTION_LENGTH = 1024;
    static final int MAX_CONDITIONS = 10;
    /** 58 so that the id of the scene's rule, {@code scene_{id}}, is a rule id (at most 64). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,58}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> ACTIONS = Set.of("setProperty", "invokeService", "alert", "webhook");
    private static final Map<String, Set<String>> TRIGGER_FIELDS = Map.of(
            "property", Set.of("type", "productKey", "deviceName", "property", "operator", "value"),
            "event", Set.of("type", "productKey", "deviceName", "event"),
            "status", Set.of("type", "productKey", "deviceName", "status"),
            "schedule", Set.of("type", "cron", "timeZone"));

    private final ProductRepository products;
    private final DeviceRepository devices;
    private final RuleChecker rules;

    public SceneReader(ProductRepository products, DeviceRepository devices, RuleChecker rules) {
        this.products = products;
        this.devices = devices;
        this.rules = rules;
    }

    /** The scene {@code id} that {@code request} describes, or the 400 problem refusing it. */
    Scene read(String id, SceneRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            problems.add(new FieldProblem("id", "must be 1 to 58 letters, digits, '_' or '-', not '" + id + "'"));
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("name", "is required, at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (request.description() != null && request.description().length() > MAX_DESCRIPTION_LENGTH) {
            problems.add(new FieldProblem("description", "at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        Trigger trigger = trigger(request.trigger(), problems);
        List<SceneCondition> conditions = conditions(request.conditions(), trigger, problems);
        List<Destination> actions = actions(request.actions(), trigger, problems);
        Destination errorDestination = rules.destinations().one(request.errorDestination(), "errorDestination",
                problems);
        if (errorDestination != null && trigger.trigger() instanceof SceneTrigger.Schedule) {
            problems.add(new FieldProblem("errorDestination", "a schedule scene has no error destination: a failed "
                    + "run is shown in its status"));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new Scene(id, request.name(), request.description(), trigger.trigger(), conditions, actions,
                errorDestination);
    }

    /** The 400 problem listing {@code problems} as {@code errors}; {@code detail} is the first. */
    static ApiException invalid(List<FieldProblem> problems) {
        return new ApiException(HttpStatus.BAD_REQUEST, TITLE, problems.get(0).toString(), List.copyOf(problems))
                .with("problems", List.of());
    }

    /** A trigger read, with what a condition may compare on it (null: no conditions allowed, {@code why}). */
    private record Trigger(SceneTrigger trigger, Map<String, DataType> values, String why) {
    }

    private Trigger trigger(JsonNode node, List<FieldProblem> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new FieldProblem("trigger", node == null || node.isNull() ? "is required"
                    : "must be an object with a type"));
            return new Trigger(null, null, "the trigger is wrong");
        }
        String type = node.path("type").isString() ? node.path("type").stringValue() : null;
        if (type == null || !TRIGGER_FIELDS.containsKey(type)) {
            problems.add(new FieldProblem("trigger.type", "must be one of property, event, status, schedule"));
            return new Trigger(null, null, "the trigger is wrong");
        }
        for (String field : node.propertyNames()) {
            if (!TRIGGER_FIELDS.get(type).contains(field)) {
                problems.add(new FieldProblem("trigger." + field, "is not a field of a " + type + " trigger"));
            }
        }
        if (type.equals("schedule")) {
            return schedule(node, problems);
        }
        String productKey = FieldProblem.requiredText(node, "productKey", "trigger", problems);
        String deviceName = deviceName(node, productKey, problems);
        ThingModel model = productKey == null ? null
                : products.find(productKey).map(Product::thingModel).orElse(null);
        if (productKey != null && model == null) {
            problems.add(new FieldProblem("trigger.productKey", "product '" + productKey + "' does not exist"));
        }
        switch (type) {
            case "property": {
                String property = identifier(node, "property", "trigger", problems);
                SceneCondition.Operator operator = operator(node, "trigger", problems);
                Map<String, DataType> values = new LinkedHashMap<>();
                if (model != null) {
                    model.properties().forEach(p -> values.put(p.identifier(), p.dataType()));
                }
                JsonNode value = value(node, "trigger", property, model == null ? null : values, problems);
                return new Trigger(new SceneTrigger.Property(productKey, deviceName, property, operator, value),
                        model == null ? null : values, "the trigger is wrong");
            }
            case "event": {
                String event = identifier(node, "event", "trigger", problems);
                Map<String, DataType> values = null;
                if (model != null && event != null) {
                    Optional<ThingModel.Event> found = model.event(event);
                    if (found.isEmpty()) {
                        problems.add(new FieldProblem("trigger.event", "'" + event + "' is not an event of product "
                                + productKey + "; its events are " + model.events().stream()
                                .map(ThingModel.Event::identifier).toList()));
                    } else {
                        Map<String, DataType> params = new LinkedHashMap<>();
                        found.get().outputData().forEach(m -> params.put(m.identifier(), m.dataType()));
                        values = params;
                    }
                }
                return new Trigger(new SceneTrigger.Event(productKey, deviceName, event), values,
                        "the trigger is wrong");
            }
            default: {
                String status = FieldProblem.requiredText(node, "status", "trigger", problems);
                if (status != null && !status.equals("online") && !status.equals("offline")) {
                    problems.add(new FieldProblem("trigger.status", "must be online or offline, not '" + status + "'"));
                }
                return new Trigger(new SceneTrigger.Status(productKey, deviceName, status), null,
                        "a status scene takes no conditions");
            }
        }
    }

    private static Trigger schedule(JsonNode node, List<FieldProblem> problems) {
        String cron = FieldProblem.requiredText(node, "cron", "trigger", problems);
        if (cron != null) {
            try {
                CronExpression.parse(cron);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("trigger.cron", "is not a Spring cron expression (second minute hour "
                        + "day-of-month month day-of-week): " + e.getMessage()));
            }
        }
        String timeZone = null;
        JsonNode zone = node.path("timeZone");
        if (!zone.isMissingNode() && !zone.isNull()) {
            timeZone = zone.isString() ? zone.stringValue() : zone.toString();
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                problems.add(new FieldProblem("trigger.timeZone", "'" + timeZone + "' is not a time zone, such as "
                        + "UTC or Asia/Shanghai"));
            }
        }
        return new Trigger(new SceneTrigger.Schedule(cron, timeZone == null ? "UTC" : timeZone), null,
                "a schedule scene takes no conditions: put the times in its cron expression");
    }

    /** The trigger's device: a name (registered), {@code +} or absent (every device of the product). */
    private String deviceName(JsonNode node, String productKey, List<FieldProblem> problems) {
        JsonNode value = node.path("deviceName");
        if (value.isMissingNode() || value.isNull() || (value.isString() && value.stringValue().equals("+"))) {
            return "+";
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            problems.add(new FieldProblem("trigger.deviceName", "must be a device's name, or + for every device"));
            return null;
        }
        String name = value.stringValue();
        if (productKey != null && products.find(productKey).isPresent()
                && devices.find(productKey, name).isEmpty()) {
            problems.add(new FieldProblem("trigger.deviceName", "device " + productKey + "/" + name
                    + " does not exist"));
        }
        return name;
    }

    private List<SceneCondition> conditions(JsonNode node, Trigger trigger, List<FieldProblem> problems) {
        if (node == null || node.isNull() || node.isMissingNode() || (node.isArray() && node.isEmpty())) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new FieldProblem("conditions", "must be an array of conditions"));
            return List.of();
        }
        if (trigger.trigger() == null) {
            return List.of();
        }
        if (trigger.trigger() instanceof SceneTrigger.Schedule || trigger.trigger() instanceof SceneTrigger.Status) {
            problems.add(new FieldProblem("conditions", trigger.why()));
            return List.of();
        }
        if (node.size() > MAX_CONDITIONS) {
            problems.add(new FieldProblem("conditions", "at most " + MAX_CONDITIONS + " conditions, not "
                    + node.size()));
        }
        List<SceneCondition> conditions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "conditions[" + i + "]";
            JsonNode c = node.get(i);
            if (!c.isObject()) {
                problems.add(new FieldProblem(path, "must be an object {property, operator, value}"));
                continue;
            }
            for (String field : c.propertyNames()) {
                if (!Set.of("property", "operator", "value").contains(field)) {
                    problems.add(new FieldProblem(path + "." + field, "is not a field of a condition"));
                }
            }
            String property = identifier(c, "property", path, problems);
            SceneCondition.Operator operator = operator(c, path, problems);
            JsonNode value = value(c, path, property, trigger.values(), problems);
            conditions.add(new SceneCondition(property, operator, value));
        }
        return conditions;
    }

    private List<Destination> actions(JsonNode node, Trigger trigger, List<FieldProblem> problems) {
        if (node == null || node.isNull() || node.isMissingNode() || (node.isArray() && node.isEmpty())) {
            problems.add(new FieldProblem("actions", "at least one action is required"));
            return List.of();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode type = node.get(i).path("type");
                if (type.isString() && !ACTIONS.contains(type.stringValue())) {
                    problems.add(new FieldProblem("actions[" + i + "].type", "must be one of setProperty, "
                            + "invokeService, alert, webhook"));
                }
            }
        }
        int before = problems.size();
        List<Destination> actions = rules.destinations().list(node, "actions", problems);
        if (problems.size() > before || !(trigger.trigger() instanceof SceneTrigger.Schedule)) {
            return actions;
        }
        boolean device = false;
        for (int i = 0; i < actions.size(); i++) {
            Destination action = actions.get(i);
            if (action instanceof Destination.Webhook) {
                problems.add(new FieldProblem("actions[" + i + "]", "a schedule scene cannot call a webhook (it runs "
                        + "in the control plane, which does not retry calls); use a property, event or status "
                        + "trigger"));
            } else if (action instanceof DeviceAction a) {
                device = true;
                for (String column : a.references()) {
                    problems.add(new FieldProblem("actions[" + i + "].params", "'${" + column + "}': a schedule scene "
                            + "has no message to take values from; give constants"));
                }
            }
        }
        if (!device && actions.stream().anyMatch(a -> a instanceof Destination.Alert)) {
            problems.add(new FieldProblem("actions", "a schedule scene's alert is about the product of its first "
                    + "device action: add a setProperty or invokeService action"));
        }
        return actions;
    }

    private static SceneCondition.Operator operator(JsonNode node, String path, List<FieldProblem> problems) {
        JsonNode value = node.path("operator");
        Optional<SceneCondition.Operator> operator = value.isString()
                ? SceneCondition.Operator.of(value.stringValue()) : Optional.empty();
        if (operator.isEmpty()) {
            problems.add(new FieldProblem(path + ".operator", "must be one of >, >=, <, <=, ==, !="));
        }
        return operator.orElse(null);
    }

    /**
     * The constant a value is compared with: a number (or true/false, as 1/0) for a number, bool, enum or date, text
     * for text; a struct or array cannot be compared. {@code values}: what can be compared (null: unknown).
     */
    private static JsonNode value(JsonNode node, String path, String property, Map<String, DataType> values,
                                  List<FieldProblem> problems) {
        JsonNode value = node.path("value");
        if (!value.isNumber() && !value.isString() && !value.isBoolean()) {
            problems.add(new FieldProblem(path + ".value", "is required: a number or text"));
            return null;
        }
        if (values == null || property == null) {
            return value;
        }
        DataType type = values.get(property);
        if (type == null) {
            problems.add(new FieldProblem(path + ".property", "'" + property + "' is not one of " + values.keySet()));
        } else if (type instanceof DataType.Struct || type instanceof DataType.Array) {
            problems.add(new FieldProblem(path + ".property", "'" + property + "' is a " + type.type()
                    + " and cannot be compared"));
        } else if (type instanceof DataType.Text && !value.isString()) {
            problems.add(new FieldProblem(path + ".value", "'" + property + "' is text: compare it with text"));
        } else if (!(type instanceof DataType.Text) && value.isString()) {
            problems.add(new FieldProblem(path + ".value", "'" + property + "' is a " + type.type()
                    + ": compare it with a number"));
        }
        return value;
    }

    private static String identifier(JsonNode node, String field, String path, List<FieldProblem> problems) {
        String value = FieldProblem.requiredText(node, field, path, problems);
        if (value != null && !IDENTIFIER.matcher(value).matches()) {
            problems.add(new FieldProblem(path + "." + field, "'" + value + "' is not an identifier of the thing "
                    + "model"));
            return null;
        }
        return value;
    }

}
