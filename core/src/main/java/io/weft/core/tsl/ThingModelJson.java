package io.weft.core.tsl;

import io.weft.core.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.weft.core.alink.AlinkCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports and exports thing models in Alibaba's TSL JSON format. Import reports every problem it finds; the
 * built-in {@code post} event and {@code set}/{@code get} services are derived from the properties, so they are
 * skipped on import and generated on export.
 */
public final class ThingModelJson {
    public static final String SCHEMA = "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json";
    private static final List<String> TYPES =
            List.of("int", "float", "double", "text", "date", "bool", "enum", "struct", "array");

    private ThingModelJson() {
    }

    public static ThingModel parse(String json) {
        JsonNode root;
        try {
            root = Json.tree(json);
        } catch (JacksonException e) {
            throw new ThingModelException(List.of(new FieldError("$", AlinkCode.REQUEST_PARAMETER_ERROR,
                    "not valid JSON: " + e.getOriginalMessage())));
        }
        return parse(root);
    }

    public static ThingModel parse(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new ThingModelException(List.of(new FieldError("$", AlinkCode.REQUEST_PARAMETER_ERROR,
                    "a thing model is a JSON object")));
        }
        String productKey = root.path("profile").path("productKey").asString(null);
        List<ThingModel.Property> properties = new ArrayList<>();
        JsonNode props = list(root, "properties", "properties", errors);
        for (int i = 0; i < props.size(); i++) {
            JsonNode p = props.get(i);
            String path = "properties[" + i + "]";
            String id = identifier(p, path, errors);
            DataType type = dataType(p.path("dataType"), path + ".dataType", errors);
            if (id != null && type != null) {
                if (properties.stream().anyMatch(q -> q.identifier().equals(id))) {
                    errors.add(new FieldError(path + ".identifier", AlinkCode.REQUEST_PARAMETER_ERROR,
                            "duplicate property identifier '" + id + "'"));
                }
                properties.add(new ThingModel.Property(id, p.path("name").asString(id),
                        ThingModel.AccessMode.fromWire(p.path("accessMode").asString("rw")),
                        p.path("required").asBoolean(false), type));
            }
        }
        List<ThingModel.Event> events = new ArrayList<>();
        JsonNode evs = list(root, "events", "events", errors);
        for (int i = 0; i < evs.size(); i++) {
            JsonNode e = evs.get(i);
            String path = "events[" + i + "]";
            String id = identifier(e, path, errors);
            if (id == null || "post".equals(id) || "thing.event.property.post".equals(e.path("method").asString(""))) {
                continue;
            }
            events.add(new ThingModel.Event(id, e.path("name").asString(id), e.path("type").asString("info"),
                    "thing.event." + id + ".post", members(list(e, "outputData", path + ".outputData", errors), path + ".outputData", errors)));
        }
        List<ThingModel.Service> services = new ArrayList<>();
        JsonNode svs = list(root, "services", "services", errors);
        for (int i = 0; i < svs.size(); i++) {
            JsonNode s = svs.get(i);
            String path = "services[" + i + "]";
            String id = identifier(s, path, errors);
            if (id == null || "set".equals(id) || "get".equals(id)) {
                continue;
            }
            services.add(new ThingModel.Service(id, s.path("name").asString(id), s.path("callType").asString("async"),
                    "thing.service." + id, members(list(s, "inputData", path + ".inputData", errors), path + ".inputData", errors),
                    members(list(s, "outputData", path + ".outputData", errors), path + ".outputData", errors)));
        }
        if (!errors.isEmpty()) {
            throw new ThingModelException(errors);
        }
        return new ThingModel(productKey, properties, services, events);
    }

    /** A member that must be a list when present; an absent or malformed one reads as empty (with an error). */
    private static JsonNode list(JsonNode parent, String field, String path, List<FieldError> errors) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Json.MAPPER.createArrayNode();
        }
        if (!node.isArray()) {
            errors.add(new FieldError(path, AlinkCode.REQUEST_PARAMETER_ERROR, field + " must be a list"));
            return Json.MAPPER.createArrayNode();
        }
        return node;
    }

    private static String identifier(JsonNode node, String path, List<FieldError> errors) {
        String id = node.path("identifier").asString(null);
        if (id == null || !id.matches("[A-Za-z0-9_]{1,50}")) {
            errors.add(new FieldError(path + ".identifier", AlinkCode.REQUEST_PARAMETER_ERROR,
                    "identifier must be 1-50 letters, digits or underscores"));
            return null;
        }
        return id;
    }

    private static List<DataType.Member> members(JsonNode list, String path, List<FieldError> errors) {
        List<DataType.Member> members = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String memberPath = path + "[" + i + "]";
            String id = identifier(m, memberPath, errors);
            DataType type = dataType(m.path("dataType"), memberPath + ".dataType", errors);
            if (id != null && type != null) {
                members.add(new DataType.Member(id, m.path("name").asString(id), type));
            }
        }
        return members;
    }

    private static DataType dataType(JsonNode node, String path, List<FieldError> errors) {
        String type = node.path("type").asString(null);
        if (type == null || !TYPES.contains(type)) {
            errors.add(new FieldError(path + ".type", AlinkCode.REQUEST_PARAMETER_ERROR,
                    "type must be one of " + TYPES));
            return null;
        }
        JsonNode specs = node.path("specs");
        String specsPath = path + ".specs";
        return switch (type) {
            case "int", "float", "double" -> {
                BigDecimal min = decimal(specs, "min", specsPath, errors);
                BigDecimal max = decimal(specs, "max", specsPath, errors);
                BigDecimal step = decimal(specs, "step", specsPath, errors);
                if (min != null && max != null && min.compareTo(max) > 0) {
                    errors.add(new FieldError(specsPath, AlinkCode.REQUEST_PARAMETER_ERROR, "min is above max"));
                }
                if (step != null && step.signum() < 0) {
                    errors.add(new FieldError(specsPath + ".step", AlinkCode.REQUEST_PARAMETER_ERROR,
                            "step must not be negative"));
                }
                yield new DataType.Numeric(type, min, max, step, specs.path("unit").asString(null),
                        specs.path("unitName").asString(null));
            }
            case "text" -> {
                int length = integer(specs, "length", DataType.Text.MAX_LENGTH, specsPath, errors);
                if (length < 1 || length > DataType.Text.MAX_LENGTH) {
                    errors.add(new FieldError(specsPath + ".length", AlinkCode.REQUEST_PARAMETER_ERROR,
                            "length must be 1.." + DataType.Text.MAX_LENGTH));
                }
                yield new DataType.Text(length);
            }
            case "date" -> new DataType.Date();
            case "bool" -> new DataType.Bool(labels(specs, specsPath, errors));
            case "enum" -> {
                Map<Integer, String> values = labels(specs, specsPath, errors);
                if (values.isEmpty()) {
                    errors.add(new FieldError(specsPath, AlinkCode.REQUEST_PARAMETER_ERROR,
                            "an enum needs at least one value"));
                }
                yield new DataType.Enum(values);
            }
            case "struct" -> {
                if (!specs.isArray()) {
                    errors.add(new FieldError(specsPath, AlinkCode.REQUEST_PARAMETER_ERROR,
                            "struct specs must be a list of members"));
                    yield null;
                }
                yield new DataType.Struct(members(specs, specsPath, errors));
            }
            case "array" -> {
                int size = integer(specs, "size", DataType.Array.MAX_SIZE, specsPath, errors);
                if (size < 1 || size > DataType.Array.MAX_SIZE) {
                    errors.add(new FieldError(specsPath + ".size", AlinkCode.REQUEST_PARAMETER_ERROR,
                            "size must be 1.." + DataType.Array.MAX_SIZE));
                }
                DataType item = dataType(specs.path("item"), specsPath + ".item", errors);
                if (item instanceof DataType.Array) {
                    errors.add(new FieldError(specsPath + ".item", AlinkCode.REQUEST_PARAMETER_ERROR,
                            "arrays of arrays are not allowed"));
                }
                yield item == null ? null : new DataType.Array(size, item);
            }
            default -> throw new IllegalStateException(type);
        };
    }

    private static BigDecimal decimal(JsonNode specs, String field, String path, List<FieldError> errors) {
        JsonNode v = specs.get(field);
        if (v == null || v.isNull() || (v.isString() && v.asString().isBlank())) {
            return null;
        }
        if (!v.isValueNode()) {
            errors.add(new FieldError(path + "." + field, AlinkCode.REQUEST_PARAMETER_ERROR,
                    field + " must be a number"));
            return null;
        }
        try {
            return new BigDecimal(v.asString().trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(path + "." + field, AlinkCode.REQUEST_PARAMETER_ERROR,
                    "'" + v.asString() + "' is not a number"));
            return null;
        }
    }

    private static int integer(JsonNode specs, String field, int fallback, String path, List<FieldError> errors) {
        BigDecimal v = decimal(specs, field, path, errors);
        if (v == null) {
            return fallback;
        }
        try {
            return v.intValueExact();
        } catch (ArithmeticException e) {
            errors.add(new FieldError(path + "." + field, AlinkCode.REQUEST_PARAMETER_ERROR,
                    field + " must be a whole number, got " + v.toPlainString()));
            return fallback;
        }
    }

    private static Map<Integer, String> labels(JsonNode specs, String path, List<FieldError> errors) {
        Map<Integer, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : specs.properties()) {
            if (!e.getValue().isValueNode()) {
                errors.add(new FieldError(path + "." + e.getKey(), AlinkCode.REQUEST_PARAMETER_ERROR,
                        "labels must be text"));
                continue;
            }
            try {
                labels.put(Integer.parseInt(e.getKey()), e.getValue().asString());
            } catch (NumberFormatException ex) {
                errors.add(new FieldError(path + "." + e.getKey(), AlinkCode.REQUEST_PARAMETER_ERROR,
                        "keys must be integers"));
            }
        }
        return labels;
    }

    /** Exports in Alibaba's format, with the built-in post event and set/get services. */
    public static ObjectNode export(ThingModel model) {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.putObject("profile").put("productKey", model.productKey());
        ArrayNode properties = root.putArray("properties");
        for (ThingModel.Property p : model.properties()) {
            ObjectNode node = properties.addObject();
            node.put("identifier", p.identifier());
            node.put("name", p.name());
            node.put("accessMode", p.accessMode().wire());
            node.put("required", p.required());
            node.set("dataType", dataTypeJson(p.dataType()));
        }
        ArrayNode events = root.putArray("events");
        ObjectNode post = events.addObject();
        post.put("identifier", "post").put("name", "post").put("type", "info").put("required", true)
                .put("method", "thing.event.property.post");
        ArrayNode postOut = post.putArray("outputData");
        model.properties().forEach(p -> postOut.add(memberJson(p.identifier(), p.name(), p.dataType())));
        for (ThingModel.Event e : model.events()) {
            ObjectNode node = events.addObject();
            node.put("identifier", e.identifier()).put("name", e.name()).put("type", e.type())
                    .put("required", false).put("method", e.method());
            ArrayNode out = node.putArray("outputData");
            e.outputData().forEach(m -> out.add(memberJson(m.identifier(), m.name(), m.dataType())));
        }
        ArrayNode services = root.putArray("services");
        ObjectNode set = services.addObject();
        set.put("identifier", "set").put("name", "set").put("required", true).put("callType", "async")
                .put("method", "thing.service.property.set");
        ArrayNode setIn = set.putArray("inputData");
        model.properties().stream().filter(p -> p.accessMode() == ThingModel.AccessMode.RW)
                .forEach(p -> setIn.add(memberJson(p.identifier(), p.name(), p.dataType())));
        set.putArray("outputData");
        ObjectNode get = services.addObject();
        get.put("identifier", "get").put("name", "get").put("required", true).put("callType", "async")
                .put("method", "thing.service.property.get");
        ArrayNode getIn = get.putArray("inputData");
        model.properties().forEach(p -> getIn.add(p.identifier()));
        ArrayNode getOut = get.putArray("outputData");
        model.properties().forEach(p -> getOut.add(memberJson(p.identifier(), p.name(), p.dataType())));
        for (ThingModel.Service s : model.services()) {
            ObjectNode node = services.addObject();
            node.put("identifier", s.identifier()).put("name", s.name()).put("required", false)
                    .put("callType", s.callType()).put("method", s.method());
            ArrayNode in = node.putArray("inputData");
            s.inputData().forEach(m -> in.add(memberJson(m.identifier(), m.name(), m.dataType())));
            ArrayNode out = node.putArray("outputData");
            s.outputData().forEach(m -> out.add(memberJson(m.identifier(), m.name(), m.dataType())));
        }
        return root;
    }

    public static String exportString(ThingModel model) {
        return Json.writeString(export(model));
    }

    private static ObjectNode memberJson(String identifier, String name, DataType type) {
        ObjectNode node = Json.object();
        node.put("identifier", identifier);
        node.put("name", name);
        node.set("dataType", dataTypeJson(type));
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static ObjectNode dataTypeJson(DataType type) {
        ObjectNode node = Json.object();
        node.put("type", type.type());
        if (type instanceof DataType.Numeric n) {
            ObjectNode specs = node.putObject("specs");
            putIfPresent(specs, "min", n.min() == null ? null : n.min().toPlainString());
            putIfPresent(specs, "max", n.max() == null ? null : n.max().toPlainString());
            putIfPresent(specs, "step", n.step() == null ? null : n.step().toPlainString());
            putIfPresent(specs, "unit", n.unit());
            putIfPresent(specs, "unitName", n.unitName());
        } else if (type instanceof DataType.Text t) {
            node.putObject("specs").put("length", Integer.toString(t.length()));
        } else if (type instanceof DataType.Date) {
            node.putObject("specs");
        } else if (type instanceof DataType.Bool b) {
            ObjectNode specs = node.putObject("specs");
            b.labels().forEach((k, v) -> specs.put(Integer.toString(k), v));
        } else if (type instanceof DataType.Enum e) {
            ObjectNode specs = node.putObject("specs");
            e.values().forEach((k, v) -> specs.put(Integer.toString(k), v));
        } else if (type instanceof DataType.Struct s) {
            ArrayNode specs = node.putArray("specs");
            s.members().forEach(m -> specs.add(memberJson(m.identifier(), m.name(), m.dataType())));
        } else if (type instanceof DataType.Array a) {
            ObjectNode specs = node.putObject("specs");
            specs.put("size", Integer.toString(a.size()));
            specs.set("item", dataTypeJson(a.item()));
        }
        return node;
    }
}
