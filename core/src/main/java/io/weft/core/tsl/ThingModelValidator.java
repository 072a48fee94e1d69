package io.weft.core.tsl;

import io.weft.core.alink.AlinkCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks Alink params against a thing model and returns typed values. Every error is reported, not just the
 * first; a message with any error is rejected whole (see docs/errors.md for the codes).
 */
public final class ThingModelValidator {
    /** Alibaba's limit on the number of properties in one post. */
    public static final int MAX_PARAMS = 200;

    private ThingModelValidator() {
    }

    /**
     * Validates {@code thing.event.property.post} params: {@code {"Temp":23.5}} or
     * {@code {"Temp":{"value":23.5,"time":1524448722000}}}. Values without a time get {@code defaultTime}.
     */
    public static Validation propertyPost(ThingModel model, JsonNode params, long defaultTime) {
        List<FieldError> errors = new ArrayList<>();
        List<PropertyPoint> points = new ArrayList<>();
        if (params == null || !params.isObject()) {
            errors.add(new FieldError("params", AlinkCode.PARAMS_FORMAT_ERROR, "params must be a JSON object"));
            return new Validation(points, errors);
        }
        if (params.size() > MAX_PARAMS) {
            errors.add(new FieldError("params", AlinkCode.PARAMS_TOO_MANY,
                    params.size() + " properties in one post; at most " + MAX_PARAMS));
            return new Validation(points, errors);
        }
        Map<String, ThingModel.Property> byId = model.propertiesById();
        for (Map.Entry<String, JsonNode> entry : params.properties()) {
            String id = entry.getKey();
            ThingModel.Property property = byId.get(id);
            if (property == null) {
                errors.add(new FieldError(id, AlinkCode.PARAM_NOT_EXIST,
                        "property '" + id + "' is not defined in the thing model"));
                continue;
            }
            JsonNode raw = entry.getValue();
            long time = defaultTime;
            JsonNode value = raw;
            if (wrapped(property.dataType(), raw)) {
                value = raw.get("value");
                JsonNode t = raw.get("time");
                if (t != null && !t.isNull()) {
                    Long parsed = epochMillis(t);
                    if (parsed == null) {
                        errors.add(new FieldError(id + ".time", AlinkCode.REQUEST_PARAMETER_ERROR,
                                "time must be epoch milliseconds"));
                        continue;
                    }
                    time = parsed;
                }
            }
            Object typed = check(property.dataType(), value, id, errors);
            if (typed != null) {
                points.add(new PropertyPoint(id, typed, time));
            }
        }
        return new Validation(errors.isEmpty() ? points : List.of(), errors);
    }

    /** True for {@code {"value":...,"time":...}}; a struct with a member named "value" is taken as is. */
    private static boolean wrapped(DataType type, JsonNode raw) {
        if (!raw.isObject() || !raw.has("value")) {
            return false;
        }
        return !(type instanceof DataType.Struct s)
                || s.members().stream().noneMatch(m -> m.identifier().equals("value"));
    }

    /**
     * Validates an event post: params {@code {"value":{...outputData...},"time":...}}. The event's output
     * parameters become points named by the parameter
     * identifier (each event is stored in a table of its own).
     */
    public static Validation eventPost(ThingModel model, String eventId, JsonNode params, long defaultTime) {
        List<FieldError> errors = new ArrayList<>();
        List<PropertyPoint> points = new ArrayList<>();
        var event = model.event(eventId);
        if (event.isEmpty()) {
            errors.add(new FieldError(eventId, AlinkCode.METHOD_NOT_FOUND,
                    "event '" + eventId + "' is not defined in the thing model"));
            return new Validation(points, errors);
        }
        if (params == null || !params.isObject()) {
            errors.add(new FieldError("params", AlinkCode.PARAMS_FORMAT_ERROR, "params must be a JSON object"));
            return new Validation(points, errors);
        }
        long time = defaultTime;
        JsonNode t = params.get("time");
        if (t != null && !t.isNull()) {
            Long parsed = epochMillis(t);
            if (parsed == null) {
                errors.add(new FieldError("time", AlinkCode.REQUEST_PARAMETER_ERROR, "time must be epoch milliseconds"));
            } else {
                time = parsed;
            }
        }
        JsonNode value = params.has("value") ? params.get("value") : params;
        Object typed = checkMembers(event.get().outputData(), value, eventId, AlinkCode.PARAMS_FORMAT_ERROR, errors);
        if (typed instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                points.add(new PropertyPoint(e.getKey().toString(), e.getValue(), time));
            }
        }
        return new Validation(errors.isEmpty() ? points : List.of(), errors);
    }

    /** Checks one value against a type; returns the typed value, or null after adding errors. */
    public static Object check(DataType type, JsonNode value, String path, List<FieldError> errors) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            errors.add(new FieldError(path, codeFor(type), "a value is required"));
            return null;
        }
        if (type instanceof DataType.Numeric n) {
            return checkNumber(n, value, path, errors);
        }
        if (type instanceof DataType.Text t) {
            if (!value.isString()) {
                errors.add(new FieldError(path, AlinkCode.TEXT_SPECS_ERROR, "expected text, got " + kind(value)));
                return null;
            }
            String s = value.asString();
            int bytes = s.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > t.length()) {
                errors.add(new FieldError(path, AlinkCode.TEXT_SPECS_ERROR,
                        "text is " + bytes + " bytes; at most " + t.length()));
                return null;
            }
            return s;
        }
        if (type instanceof DataType.Date) {
            Long ms = epochMillis(value);
            if (ms == null) {
                errors.add(new FieldError(path, AlinkCode.DATE_SPECS_ERROR,
                        "expected a date as UTC epoch milliseconds, got " + value));
                return null;
            }
            return ms;
        }
        if (type instanceof DataType.Bool) {
            if (value.isBoolean()) {
                return value.booleanValue() ? 1L : 0L;
            }
            if (value.isIntegralNumber() && value.canConvertToLong()
                    && (value.longValue() == 0 || value.longValue() == 1)) {
                return value.longValue();
            }
            errors.add(new FieldError(path, AlinkCode.BOOL_SPECS_ERROR, "expected bool 0 or 1, got " + value));
            return null;
        }
        if (type instanceof DataType.Enum e) {
            if (!value.isIntegralNumber() || !value.canConvertToInt() || !e.values().containsKey(value.intValue())) {
                errors.add(new FieldError(path, AlinkCode.ENUM_SPECS_ERROR,
                        "expected one of " + e.values().keySet() + ", got " + value));
                return null;
            }
            return value.longValue();
        }
        if (type instanceof DataType.Struct s) {
            return checkMembers(s.members(), value, path, AlinkCode.STRUCT_SPECS_ERROR, errors);
        }
        if (type instanceof DataType.Array a) {
            if (!value.isArray()) {
                errors.add(new FieldError(path, AlinkCode.ARRAY_SPECS_ERROR, "expected an array, got " + kind(value)));
                return null;
            }
            if (value.size() > a.size()) {
                errors.add(new FieldError(path, AlinkCode.ARRAY_SPECS_ERROR,
                        "array has " + value.size() + " items; at most " + a.size()));
                return null;
            }
            List<Object> items = new ArrayList<>();
            int before = errors.size();
            for (int i = 0; i < value.size(); i++) {
                items.add(check(a.item(), value.get(i), path + "[" + i + "]", errors));
            }
            return errors.size() == before ? items : null;
        }
        throw new IllegalStateException("unknown type " + type);
    }

    private static Object checkMembers(List<DataType.Member> members, JsonNode value, String path, AlinkCode code,
                                       List<FieldError> errors) {
        if (!value.isObject()) {
            errors.add(new FieldError(path, code, "expected an object, got " + kind(value)));
            return null;
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        int before = errors.size();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            DataType.Member member = members.stream().filter(m -> m.identifier().equals(field.getKey()))
                    .findFirst().orElse(null);
            if (member == null) {
                errors.add(new FieldError(path + "." + field.getKey(), code,
                        "'" + field.getKey() + "' is not a member of " + path));
                continue;
            }
            typed.put(field.getKey(), check(member.dataType(), field.getValue(), path + "." + field.getKey(), errors));
        }
        return errors.size() == before ? typed : null;
    }

    private static Object checkNumber(DataType.Numeric n, JsonNode value, String path, List<FieldError> errors) {
        AlinkCode code = codeFor(n);
        if (!value.isNumber()) {
            errors.add(new FieldError(path, code, "expected " + n.type() + ", got " + kind(value)));
            return null;
        }
        BigDecimal v = value.decimalValue();
        if (n.integral() && (v.stripTrailingZeros().scale() > 0 || !fitsInt(v))) {
            errors.add(new FieldError(path, code, "expected a 32-bit integer, got " + value));
            return null;
        }
        if (n.min() != null && v.compareTo(n.min()) < 0 || n.max() != null && v.compareTo(n.max()) > 0) {
            errors.add(new FieldError(path, code, value + " is outside [" + bound(n.min()) + ", " + bound(n.max()) + "]"));
            return null;
        }
        if (n.step() != null && n.step().signum() > 0) {
            BigDecimal base = n.min() == null ? BigDecimal.ZERO : n.min();
            if (v.subtract(base).remainder(n.step()).signum() != 0) {
                errors.add(new FieldError(path, code, value + " is not " + bound(base) + " plus a multiple of step "
                        + n.step().toPlainString()));
                return null;
            }
        }
        return n.integral() ? (Object) v.longValue() : (Object) v.doubleValue();
    }

    private static boolean fitsInt(BigDecimal v) {
        return v.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                && v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    private static String bound(BigDecimal b) {
        return b == null ? "unbounded" : b.toPlainString();
    }

    private static AlinkCode codeFor(DataType type) {
        if (type instanceof DataType.Numeric n) {
            return switch (n.type()) {
                case "int" -> AlinkCode.INT_SPECS_ERROR;
                case "float" -> AlinkCode.FLOAT_SPECS_ERROR;
                default -> AlinkCode.DOUBLE_SPECS_ERROR;
            };
        }
        if (type instanceof DataType.Text) {
            return AlinkCode.TEXT_SPECS_ERROR;
        }
        if (type instanceof DataType.Date) {
            return AlinkCode.DATE_SPECS_ERROR;
        }
        if (type instanceof DataType.Bool) {
            return AlinkCode.BOOL_SPECS_ERROR;
        }
        if (type instanceof DataType.Enum) {
            return AlinkCode.ENUM_SPECS_ERROR;
        }
        if (type instanceof DataType.Struct) {
            return AlinkCode.STRUCT_SPECS_ERROR;
        }
        return AlinkCode.ARRAY_SPECS_ERROR;
    }

    private static Long epochMillis(JsonNode t) {
        if (t.isIntegralNumber() && t.canConvertToLong() && t.longValue() >= 0) {
            return t.longValue();
        }
        if (t.isString() && t.asString().matches("\\d{1,18}")) {
            return Long.parseLong(t.asString());
        }
        return null;
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
