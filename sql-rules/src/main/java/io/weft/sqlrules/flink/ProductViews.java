package io.weft.sqlrules.flink;

import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.alibaba.StatusMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the per-product typed views rules run over, from the thing model.
 *
 * <p>The views read one base table, {@value #BASE_TABLE}, that the rule runtime defines over {@code weft.telemetry}
 * (one row per validated post) with the columns in {@link #BASE_TABLE_COLUMNS}: {@code items} is the post's values
 * as a JSON object in Alibaba's form, {@code {"Temp":{"value":23.5,"time":1524448722000}}} (for an event post, its
 * output parameters in the same form). Each property becomes a typed column read with {@code JSON_VALUE} and a
 * {@code CAST} (not {@code RETURNING}: Flink 2.2's {@code JSON_VALUE ... RETURNING DOUBLE} fails on a JSON integer).
 *
 * <p>Types: int, bool and enum become INT; float FLOAT; double DOUBLE; text STRING; date BIGINT (epoch ms);
 * struct a ROW of its members; array STRING (the JSON array's text). A property whose identifier is a metadata
 * column's name (case-insensitively) gets the suffix {@code _value}.
 */
public final class ProductViews {
    public static final String BASE_TABLE = "weft_telemetry";

    /** The base table's columns, as the rule runtime must declare them. */
    public static final String BASE_TABLE_COLUMNS = "`product_key` STRING, `device_name` STRING, `kind` STRING, "
            + "`identifier` STRING, `message_id` BIGINT, `topic` STRING, `event_time` TIMESTAMP_LTZ(3), "
            + "`items` STRING";

    /**
     * The device-attribute table the runtime defines (for Flink SQL rules that join attributes): append-only, one row
     * per change of a device's attributes (tags) carrying all of them after the change, with the columns in
     * {@link #ATTRIBUTES_TABLE_COLUMNS} and {@code update_time} as its event time (a watermark on it).
     */
    public static final String ATTRIBUTES_TABLE = "weft_device_attributes";

    /** The attribute table's columns, as the rule runtime must declare them. */
    public static final String ATTRIBUTES_TABLE_COLUMNS = "`product_key` STRING, `device_name` STRING, "
            + "`attributes` MAP<STRING, STRING>, `update_time` TIMESTAMP_LTZ(3)";

    /**
     * The device-status table the runtime defines (for rules on {@code /as/mqtt/status/{pk}/{dn}}), over the
     * presence events of {@code weft.events}: one row per session change, with the columns in
     * {@link #STATUS_TABLE_COLUMNS} and {@code event_time} (the edge's time of the change) as its event time.
     * {@code status} is {@code online} or {@code offline}; {@code last_time} and {@code utc_last_time} are that time
     * as Alibaba writes it ({@code yyyy-MM-dd HH:mm:ss.SSS} in the platform's time zone, and ISO-8601 in UTC);
     * {@code topic} is {@code /as/mqtt/status/{pk}/{dn}} and {@code payload} the status message's JSON with
     * Alibaba's field names ({@link StatusMessage}).
     */
    public static final String STATUS_TABLE = "weft_device_status";

    /** The status table's columns, as the rule runtime must declare them. */
    public static final String STATUS_TABLE_COLUMNS = "`product_key` STRING, `device_name` STRING, `status` STRING, "
            + "`last_time` STRING, `utc_last_time` STRING, `client_ip` STRING, `reason` STRING, "
            + "`session_epoch` BIGINT, `topic` STRING, `payload` STRING, `event_time` TIMESTAMP_LTZ(3)";

    /** The metadata columns every view starts with, in order. */
    public static final List<String> METADATA_COLUMNS =
            List.of("device_name", "event_time", "message_id", "topic", "payload");

    private ProductViews() {
    }

    /** {@code product_<pk>}: one row per property post of the product. */
    public static ProductView properties(ThingModel model) {
        List<Field> fields = model.properties().stream()
                .map(p -> new Field(p.identifier(), p.dataType())).toList();
        return view("product_" + safe(model.productKey()), fields,
                "`product_key` = " + FlinkSql.literal(model.productKey()) + " AND `kind` = 'property'");
    }

    /** {@code product_<pk>_event_<id>}: one row per post of the event, a column per output parameter. */
    public static ProductView event(ThingModel model, ThingModel.Event event) {
        List<Field> fields = event.outputData().stream()
                .map(m -> new Field(m.identifier(), m.dataType())).toList();
        return view("product_" + safe(model.productKey()) + "_event_" + event.identifier(), fields,
                "`product_key` = " + FlinkSql.literal(model.productKey()) + " AND `kind` = 'event' AND `identifier` = "
                        + FlinkSql.literal(event.identifier()));
    }

    /**
     * {@code product_<pk>_attributes}: the latest attributes of each device of the product, as a versioned view (a
     * deduplication on {@code device_name} by {@code update_time}, which Flink recognises as keyed by
     * {@code device_name}), so a rule can join it {@code FOR SYSTEM_TIME AS OF} a reading's {@code event_time}.
     */
    public static ProductView attributes(ThingModel model) {
        List<ViewColumn> columns = List.of(
                new ViewColumn("device_name", "STRING", "`device_name`", null),
                new ViewColumn("attributes", "MAP<STRING, STRING>", "`attributes`", null),
                new ViewColumn("update_time", "TIMESTAMP_LTZ(3)", "`update_time`", null));
        String query = "SELECT `device_name`, `attributes`, `update_time`\nFROM (\n"
                + "  SELECT *, ROW_NUMBER() OVER (PARTITION BY `device_name` ORDER BY `update_time` DESC) AS `version`\n"
                + "  FROM " + FlinkSql.quote(ATTRIBUTES_TABLE) + "\n"
                + "  WHERE `product_key` = " + FlinkSql.literal(model.productKey()) + ")\n"
                + "WHERE `version` = 1";
        return new ProductView(attributesViewName(model), columns, query);
    }

    /**
     * {@code product_<pk>_status}: one row per session change of a device of the product, with the metadata columns
     * {@code device_name}, {@code event_time}, {@code session_epoch}, {@code topic} and {@code payload}, then a column
     * per {@link StatusMessage#FIELDS field} of Alibaba's status message, named as the field.
     */
    public static ProductView status(String productKey) {
        List<ViewColumn> columns = new ArrayList<>(List.of(
                new ViewColumn("device_name", "STRING", "`device_name`", null),
                new ViewColumn("event_time", "TIMESTAMP_LTZ(3)", "`event_time`", null),
                new ViewColumn("session_epoch", "BIGINT", "`session_epoch`", null),
                new ViewColumn("topic", "STRING", "`topic`", null),
                new ViewColumn("payload", "STRING", "`payload`", null)));
        for (String field : StatusMessage.FIELDS) {
            String base = switch (field) {
                case "productKey" -> "product_key";
                case "deviceName" -> "device_name";
                case "time", "lastTime" -> "last_time";
                case "utcTime", "utcLastTime" -> "utc_last_time";
                case "clientIp" -> "client_ip";
                default -> field;
            };
            columns.add(new ViewColumn(field, "STRING", FlinkSql.quote(base), field));
        }
        return new ProductView(statusViewName(productKey), columns, select(columns) + "FROM "
                + FlinkSql.quote(STATUS_TABLE) + "\nWHERE `product_key` = " + FlinkSql.literal(productKey));
    }

    /** {@code product_<pk>_status}. */
    public static String statusViewName(String productKey) {
        return "product_" + safe(productKey) + "_status";
    }

    /** {@code product_<pk>_attributes}. */
    public static String attributesViewName(ThingModel model) {
        return "product_" + safe(model.productKey()) + "_attributes";
    }

    /** The Flink SQL type a thing-model type is carried as. */
    public static String flinkType(DataType type) {
        if (type instanceof DataType.Numeric n) {
            return switch (n.type()) {
                case "int" -> "INT";
                case "float" -> "FLOAT";
                default -> "DOUBLE";
            };
        }
        if (type instanceof DataType.Text || type instanceof DataType.Array) {
            return "STRING";
        }
        if (type instanceof DataType.Date) {
            return "BIGINT";
        }
        if (type instanceof DataType.Bool || type instanceof DataType.Enum) {
            return "INT";
        }
        if (type instanceof DataType.Struct s) {
            return s.members().stream().map(m -> FlinkSql.quote(m.identifier()) + " " + flinkType(m.dataType()))
                    .collect(Collectors.joining(", ", "ROW(", ")"));
        }
        throw new IllegalArgumentException("unknown thing-model type " + type);
    }

    private record Field(String identifier, DataType type) {
    }

    private static ProductView view(String name, List<Field> fields, String filter) {
        List<ViewColumn> columns = new ArrayList<>();
        columns.add(new ViewColumn("device_name", "STRING", "`device_name`", null));
        columns.add(new ViewColumn("event_time", "TIMESTAMP_LTZ(3)", "`event_time`", null));
        columns.add(new ViewColumn("message_id", "BIGINT", "`message_id`", null));
        columns.add(new ViewColumn("topic", "STRING", "`topic`", null));
        columns.add(new ViewColumn("payload", "STRING", "`items`", null));
        Set<String> taken = new HashSet<>();
        METADATA_COLUMNS.forEach(c -> taken.add(c.toLowerCase(Locale.ROOT)));
        fields.forEach(f -> taken.add(f.identifier().toLowerCase(Locale.ROOT)));
        for (Field field : fields) {
            String column = field.identifier();
            if (METADATA_COLUMNS.contains(column.toLowerCase(Locale.ROOT))) {
                column = column + "_value";
                while (!taken.add(column.toLowerCase(Locale.ROOT))) {
                    column = column + "_";
                }
            }
            columns.add(new ViewColumn(column, flinkType(field.type()),
                    read(field.type(), List.of(field.identifier(), "value")), field.identifier()));
        }
        String select = columns.stream()
                .map(c -> c.expression().equals(FlinkSql.quote(c.name())) ? "  " + c.expression()
                        : "  " + c.expression() + " AS " + FlinkSql.quote(c.name()))
                .collect(Collectors.joining(",\n", "SELECT\n", "\n"));
        String query = select + "FROM " + FlinkSql.quote(BASE_TABLE) + "\nWHERE " + filter;
        return new ProductView(name, columns, query);
    }

    /**
     * {@code SELECT} and the columns, one a line, each renamed when its expression is not the column itself (as
     * {@link #view} writes them).
     */
    private static String select(List<ViewColumn> columns) {
        return columns.stream()
                .map(c -> c.expression().equals(FlinkSql.quote(c.name())) ? "  " + c.expression()
                        : "  " + c.expression() + " AS " + FlinkSql.quote(c.name()))
                .collect(Collectors.joining(",\n", "SELECT\n", "\n"));
    }

    /** The expression reading a value of {@code type} at a JSON path of {@code items}. */
    private static String read(DataType type, List<String> path) {
        if (type instanceof DataType.Struct s) {
            String members = s.members().stream().map(m -> {
                List<String> memberPath = new ArrayList<>(path);
                memberPath.add(m.identifier());
                return read(m.dataType(), memberPath);
            }).collect(Collectors.joining(", "));
            return "CAST(ROW(" + members + ") AS " + flinkType(type) + ")";
        }
        if (type instanceof DataType.Array) {
            return "JSON_QUERY(`items`, " + FlinkSql.literal(jsonPath(path)) + ")";
        }
        String value = "JSON_VALUE(`items`, " + FlinkSql.literal(jsonPath(path)) + ")";
        return type instanceof DataType.Text ? value : "CAST(" + value + " AS " + flinkType(type) + ")";
    }

    static String jsonPath(List<String> segments) {
        StringBuilder path = new StringBuilder("$");
        for (String s : segments) {
            if (s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                path.append('.').append(s);
            } else {
                path.append("['").append(s).append("']");
            }
        }
        return path.toString();
    }

    private static String safe(String productKey) {
        return productKey == null ? "unknown" : productKey.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
