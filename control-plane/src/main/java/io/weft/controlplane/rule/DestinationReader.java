package io.weft.controlplane.rule;

import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.DeviceAction;
import io.weft.core.rule.Destination;
import io.weft.core.rule.Severity;
import io.weft.core.tsl.DataType;
import io.weft.core.tsl.FieldError;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelValidator;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads a rule's destinations from their JSON ({@code {"type":"kafka","topic":...}}, the form of {@link Destination})
 * and checks each, so a rule that could never deliver is refused when it is written, with one {@link FieldProblem}
 * per thing wrong, at its path ({@code destinations[1].url}).
 *
 * <p>A device action ({@code setProperty}, {@code invokeService}) is checked against its target: the product and the
 * device exist; each param is a writable ({@code rw}) property of the product's thing model, or an input parameter of
 * the service; a constant fits the thing model's type, range and enum (the same check as an uplink's,
 * {@link ThingModelValidator#check}); a {@code "${column}"} names an output column of the rule
 * ({@link #checkReferences}, once the rule's SQL has compiled).
 */
public final class DestinationReader {
    static final int MAX_DESTINATIONS = 10;
    static final int MAX_WEBHOOK_ATTEMPTS = 20;
    static final long MAX_WEBHOOK_BACKOFF_MS = 600_000;
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern ALERT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Topics a device sends on: it never receives a message published there. */
    private static final Set<TopicKind> DEVICE_SENDS = EnumSet.of(TopicKind.PROPERTY_POST,
            TopicKind.PROPERTY_PACK_POST, TopicKind.PROPERTY_HISTORY_POST, TopicKind.EVENT_POST, TopicKind.RAW_UP,
            TopicKind.DEVICEINFO_UPDATE, TopicKind.CONFIG_GET, TopicKind.RRPC_RESPONSE, TopicKind.UPDATE,
            TopicKind.UPDATE_ERROR, TopicKind.SHADOW_UPDATE, TopicKind.OTA_INFORM, TopicKind.OTA_PROGRESS,
            TopicKind.OTA_REQUEST, TopicKind.NTP_REQUEST, TopicKind.PROPERTY_SET_REPLY, TopicKind.PROPERTY_GET_REPLY,
            TopicKind.SERVICE_REPLY, TopicKind.RAW_DOWN_REPLY, TopicKind.CONFIG_PUSH_REPLY);
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "kafka", Set.of("type", "topic"),
            "device", Set.of("type", "productKey", "deviceName", "topic", "qos"),
            "webhook", Set.of("type", "url", "headers", "maxAttempts", "initialBackoffMs"),
            "store", Set.of("type", "table"),
            "alert", Set.of("type", "name", "severity"),
            "setProperty", Set.of("type", "productKey", "deviceName", "params"),
            "invokeService", Set.of("type", "productKey", "deviceName", "service", "params"));

    private final Set<String> weftTopics;
    private final boolean storeConfigured;
    private final ActionTargets targets;

    /**
     * @param storeConfigured whether rule jobs get a time-series store ({@code weft.rules.store-http}); without
     *                        one, store destinations are refused
     * @param targets         the products and devices that device actions may address
     */
    public DestinationReader(WeftTopics topics, boolean storeConfigured, ActionTargets targets) {
        this.weftTopics = Set.copyOf(topics.all());
        this.storeConfigured = storeConfigured;
        this.targets = targets;
    }

    /** The destinations of {@code node} (absent or null: none), adding what is wrong to {@code problems}. */
    public List<Destination> list(JsonNode node, String path, List<FieldProblem> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new FieldProblem(path, "must be an array of destinations"));
            return List.of();
        }
        if (node.size() > MAX_DESTINATIONS) {
            problems.add(new FieldProblem(path, "at most " + MAX_DESTINATIONS + " destinations, not " + node.size()));
        }
        List<Destination> destinations = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Destination d = one(node.get(i), path + "[" + i + "]", problems);
            if (d != null) {
                destinations.add(d);
            }
        }
        return destinations;
    }

    /** One destination (absent or null: none, so null), adding what is wrong to {@code problems}. */
    public Destination one(JsonNode node, String path, List<FieldProblem> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(new FieldProblem(path, "must be an object with a type"));
            return null;
        }
        String type = node.path("type").isString() ? node.path("type").stringValue() : null;
        if (type == null || !FIELDS.containsKey(type)) {
            problems.add(new FieldProblem(path + ".type", "must be one of kafka, device, webhook, store, alert, "
                    + "setProperty, invokeService"));
            return null;
        }
        int before = problems.size();
        for (String field : node.propertyNames()) {
            if (!FIELDS.get(type).contains(field)) {
                problems.add(new FieldProblem(path + "." + field, "is not a field of a " + type + " destination"));
            }
        }
        Destination destination = switch (type) {
            case "kafka" -> kafka(node, path, problems);
            case "device" -> device(node, path, problems);
            case "webhook" -> webhook(node, path, problems);
            case "store" -> store(node, path, problems);
            case "setProperty", "invokeService" -> action(type, node, path, problems);
            default -> alert(node, path, problems);
        };
        return problems.size() == before ? destination : null;
    }

    private Destination kafka(JsonNode node, String path, List<FieldProblem> problems) {
        String topic = FieldProblem.requiredText(node, "topic", path, problems);
        if (topic == null) {
            return null;
        }
        if (!KAFKA_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            problems.add(new FieldProblem(path + ".topic", "'" + topic + "' is not a Kafka topic name: 1 to 249 "
                    + "letters, digits, '.', '_' or '-', and not '.' or '..'"));
        } else if (weftTopics.contains(topic)) {
            problems.add(new FieldProblem(path + ".topic", "'" + topic + "' is one of Weft's own topics; "
                    + "write rule results to a topic of your own"));
        }
        return new Destination.KafkaTopic(topic);
    }

    /**
     * What the rule jobs can run of a rule's destinations, checked together: a store destination needs a store
     * configured for the rule jobs, and a rule with a webhook or a store destination needs a Kafka topic as its error
     * destination, where the results no call delivered, or that the store's table cannot hold, go.
     */
    void checkRunnable(List<Destination> destinations, Destination errorDestination, List<FieldProblem> problems) {
        boolean webhook = false;
        boolean store = false;
        for (int i = 0; i < destinations.size(); i++) {
            Destination d = destinations.get(i);
            if (d instanceof Destination.Store && !storeConfigured) {
                problems.add(new FieldProblem("destinations[" + i + "]", "this control plane has no time-series "
                        + "store for rule results (set weft.rules.store-http; standalone Weft sets it); send the "
                        + "results to a Kafka topic"));
            }
            webhook |= d instanceof Destination.Webhook;
            store |= d instanceof Destination.Store;
        }
        if (webhook && !(errorDestination instanceof Destination.KafkaTopic)) {
            problems.add(new FieldProblem("errorDestination", "a rule with a webhook needs a Kafka topic here: the "
                    + "results no call delivered are written to it as dead letters"));
        } else if (store && !(errorDestination instanceof Destination.KafkaTopic)) {
            problems.add(new FieldProblem("errorDestination", "a rule with a store destination needs a Kafka topic "
                    + "here: the results its table cannot hold (a column whose type changed) are written to it as "
                    + "dead letters"));
        }
    }

    /**
     * Checks that every {@code "${column}"} of the device actions names one of {@code outputs}, the rule's result
     * columns: {@code path} is the list's path ({@code destinations}), the error destination's is
     * {@code errorDestination}.
     */
    public void checkReferences(List<Destination> destinations, String path, Destination errorDestination,
                                List<String> outputs, List<FieldProblem> problems) {
        for (int i = 0; i < destinations.size(); i++) {
            checkReferences(destinations.get(i), path + "[" + i + "]", outputs, problems);
        }
        checkReferences(errorDestination, "errorDestination", outputs, problems);
    }

    private static void checkReferences(Destination destination, String path, List<String> outputs,
                                        List<FieldProblem> problems) {
        if (!(destination instanceof DeviceAction action)) {
            return;
        }
        for (Map.Entry<String, JsonNode> param : action.params().properties()) {
            DeviceAction.reference(param.getValue()).filter(column -> !outputs.contains(column))
                    .ifPresent(column -> problems.add(new FieldProblem(path + ".params." + param.getKey(),
                            "'${" + column + "}' is not a column of the rule's results; they are " + outputs)));
        }
    }

    /** A {@code setProperty} or {@code invokeService}, checked against its product's thing model and device. */
    private Destination action(String type, JsonNode node, String path, List<FieldProblem> problems) {
        String productKey = FieldProblem.requiredText(node, "productKey", path, problems);
        String deviceName = FieldProblem.requiredText(node, "deviceName", path, problems);
        boolean invoke = type.equals("invokeService");
        String service = invoke ? FieldProblem.requiredText(node, "service", path, problems) : null;
        JsonNode params = node.path("params");
        if (!params.isObject() || params.isEmpty()) {
            problems.add(new FieldProblem(path + ".params", params.isMissingNode() || params.isNull()
                    ? "is required" : "must be a JSON object of " + (invoke ? "input parameters" : "properties")
                    + " to values, with at least one"));
            params = null;
        }
        if (productKey == null || deviceName == null || (invoke && service == null)) {
            return null;
        }
        Optional<ThingModel> model = targets.thingModel(productKey);
        if (model.isEmpty()) {
            problems.add(new FieldProblem(path + ".productKey", "product '" + productKey + "' does not exist"));
            return null;
        }
        if (!targets.deviceExists(productKey, deviceName)) {
            problems.add(new FieldProblem(path + ".deviceName", "device " + productKey + "/" + deviceName
                    + " does not exist"));
        }
        Map<String, DataType> accepted = new LinkedHashMap<>();
        String what;
        if (invoke) {
            ThingModel.Service found = model.get().service(service).orElse(null);
            if (found == null) {
                problems.add(new FieldProblem(path + ".service", "'" + service + "' is not a service of product "
                        + productKey + "; its services are " + model.get().services().stream()
                        .map(ThingModel.Service::identifier).toList()));
                return null;
            }
            found.inputData().forEach(m -> accepted.put(m.identifier(), m.dataType()));
            what = "an input parameter of service '" + service + "'; they are " + accepted.keySet();
        } else {
            model.get().properties().stream().filter(p -> p.accessMode() == ThingModel.AccessMode.RW)
                    .forEach(p -> accepted.put(p.identifier(), p.dataType()));
            what = "a writable (accessMode rw) property of product " + productKey + "; they are " + accepted.keySet();
        }
        if (params == null) {
            return null;
        }
        for (Map.Entry<String, JsonNode> param : params.properties()) {
            String at = path + ".params." + param.getKey();
            DataType dataType = accepted.get(param.getKey());
            if (dataType == null) {
                boolean readOnly = !invoke && model.get().property(param.getKey()).isPresent();
                problems.add(new FieldProblem(at, "'" + param.getKey() + "' is " + (readOnly
                        ? "a read-only property (accessMode r): a device does not take it in a property set"
                        : "not " + what)));
            } else if (DeviceAction.reference(param.getValue()).isEmpty()) {
                List<FieldError> wrong = new ArrayList<>();
                ThingModelValidator.check(dataType, param.getValue(), param.getKey(), wrong);
                wrong.forEach(e -> problems.add(new FieldProblem(path + ".params." + e.path(), e.reason())));
            }
        }
        return invoke ? new Destination.InvokeService(productKey, deviceName, service, params)
                : new Destination.SetProperty(productKey, deviceName, params);
    }

    private static Destination device(JsonNode node, String path, List<FieldProblem> problems) {
        String productKey = FieldProblem.requiredText(node, "productKey", path, problems);
        String deviceName = FieldProblem.requiredText(node, "deviceName", path, problems);
        String topic = FieldProblem.requiredText(node, "topic", path, problems);
        int qos = integer(node, "qos", 0, path, problems);
        if (qos != 0 && qos != 1) {
            problems.add(new FieldProblem(path + ".qos", "must be 0 or 1, not " + qos));
        }
        if (productKey == null || deviceName == null || topic == null) {
            return null;
        }
        DeviceTopic parsed = DeviceTopic.parse(topic).orElse(null);
        if (parsed == null) {
            problems.add(new FieldProblem(path + ".topic", "'" + topic + "' is not a device topic, such as "
                    + "/sys/" + productKey + "/" + deviceName + "/thing/service/property/set or /" + productKey + "/"
                    + deviceName + "/user/get"));
        } else if (parsed.deviceName() == null || !parsed.belongsTo(productKey, deviceName)) {
            problems.add(new FieldProblem(path + ".topic", "'" + topic + "' is not a topic of device " + productKey
                    + "/" + deviceName));
        } else if (DEVICE_SENDS.contains(parsed.kind())) {
            problems.add(new FieldProblem(path + ".topic", "'" + topic + "' is a topic the device publishes on, "
                    + "not one it receives; republish to a downlink topic such as /sys/" + productKey + "/"
                    + deviceName + "/thing/service/property/set"));
        }
        return new Destination.DeviceTopic(productKey, deviceName, topic, qos);
    }

    private static Destination webhook(JsonNode node, String path, List<FieldProblem> problems) {
        String url = FieldProblem.requiredText(node, "url", path, problems);
        if (url != null) {
            checkUrl(url, path + ".url", problems);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headerNode = node.path("headers");
        if (!headerNode.isMissingNode() && !headerNode.isNull()) {
            if (!headerNode.isObject()) {
                problems.add(new FieldProblem(path + ".headers", "must be an object of header names to text values"));
            } else {
                headerNode.properties().forEach(e -> {
                    if (!e.getValue().isString()) {
                        problems.add(new FieldProblem(path + ".headers." + e.getKey(), "must be text"));
                    } else if (!e.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                        problems.add(new FieldProblem(path + ".headers." + e.getKey(), "is not an HTTP header name"));
                    } else {
                        headers.put(e.getKey(), e.getValue().stringValue());
                    }
                });
            }
        }
        int attempts = integer(node, "maxAttempts", 0, path, problems);
        if (node.has("maxAttempts") && (attempts < 1 || attempts > MAX_WEBHOOK_ATTEMPTS)) {
            problems.add(new FieldProblem(path + ".maxAttempts", "must be 1 to " + MAX_WEBHOOK_ATTEMPTS
                    + " (absent: 5), not " + node.get("maxAttempts")));
        }
        long backoff = 0;
        JsonNode backoffNode = node.path("initialBackoffMs");
        if (!backoffNode.isMissingNode() && !backoffNode.isNull()) {
            backoff = backoffNode.isIntegralNumber() && backoffNode.canConvertToLong() ? backoffNode.longValue() : -1;
            if (backoff < 1 || backoff > MAX_WEBHOOK_BACKOFF_MS) {
                problems.add(new FieldProblem(path + ".initialBackoffMs", "must be 1 to " + MAX_WEBHOOK_BACKOFF_MS
                        + " ms (absent: 200), not " + backoffNode));
            }
        }
        return url == null ? null : new Destination.Webhook(url, headers, attempts, backoff);
    }

    private static void checkUrl(String url, String path, List<FieldProblem> problems) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add(new FieldProblem(path, "'" + url + "' is not an http or https URL"));
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problems.add(new FieldProblem(path, "'" + url + "' has no host"));
            }
        } catch (URISyntaxException e) {
            problems.add(new FieldProblem(path, "'" + url + "' is not a URL: " + e.getReason() + " at index "
                    + e.getIndex()));
        }
    }

    private static Destination store(JsonNode node, String path, List<FieldProblem> problems) {
        String table = FieldProblem.requiredText(node, "table", path, problems);
        if (table != null && !TABLE.matcher(table).matches()) {
            problems.add(new FieldProblem(path + ".table", "'" + table + "' is not a table name: a letter or '_', "
                    + "then up to 63 letters, digits or '_'"));
        }
        return table == null ? null : new Destination.Store(table);
    }

    private static Destination alert(JsonNode node, String path, List<FieldProblem> problems) {
        String name = FieldProblem.requiredText(node, "name", path, problems);
        if (name != null && !ALERT_NAME.matcher(name).matches()) {
            problems.add(new FieldProblem(path + ".name", "'" + name + "' is not an alert name: 1 to 64 letters, "
                    + "digits, '.', '_' or '-'"));
        }
        String severity = FieldProblem.requiredText(node, "severity", path, problems);
        Severity parsed = null;
        if (severity != null) {
            try {
                parsed = Severity.valueOf(severity.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(path + ".severity", "must be one of " + Arrays.stream(Severity.values())
                        .map(s -> s.name().toLowerCase(Locale.ROOT)).toList() + ", not '" + severity + "'"));
            }
        }
        return name == null || parsed == null ? null : new Destination.Alert(name, parsed);
    }


    /** An optional whole number, {@code absent} when missing (with a problem when not a whole number). */
    private static int integer(JsonNode node, String field, int absent, String path, List<FieldProblem> problems) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(new FieldProblem(path + "." + field, "must be a whole number"));
            return absent;
        }
        return value.intValue();
    }
}
