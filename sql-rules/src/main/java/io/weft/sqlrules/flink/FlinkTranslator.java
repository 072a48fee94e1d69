package io.weft.sqlrules.flink;

import io.weft.core.rule.DeployedRule;
import io.weft.sqlrules.alibaba.AlibabaFunction;
import io.weft.sqlrules.alibaba.TopicFilter;
import io.weft.sqlrules.validate.CheckedRule;
import io.weft.sqlrules.validate.FieldRef;
import io.weft.sqlrules.validate.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates a checked Alibaba rule into a Flink SQL query over its product view. Functions Flink has with the
 * same meaning map to Flink's ({@code abs} to {@code ABS}, {@code nanvl} to {@code COALESCE}, {@code log(n)} to
 * {@code LOG10(n)}, {@code topic(n)} to {@code SPLIT_INDEX}); those it lacks call Weft functions
 * ({@code weft_timestamp}, {@code weft_substring}, ...) that {@link FlinkRule#functions()} lists; {@code attribute(key)}
 * reads the device's attributes through a temporal join with {@link ProductViews#attributes}. Every compound
 * expression is parenthesised, so Alibaba's precedence is kept whatever Flink's is.
 */
public final class FlinkTranslator {

    public FlinkRule translate(CheckedRule rule) {
        ProductView view = view(rule);
        Writer writer = new Writer(rule, view);
        List<String> select = new ArrayList<>();
        for (Output output : rule.outputs()) {
            String expression = output.expression() != null ? writer.write(output.expression())
                    : writer.field(output.field());
            select.add(expression + " AS " + FlinkSql.quote(output.name()));
        }
        // Not outputs: they tell the rule job which device a result is about and when (DeployedRule).
        select.add("`device_name` AS " + FlinkSql.quote(DeployedRule.DEVICE_COLUMN));
        select.add("`event_time` AS " + FlinkSql.quote(DeployedRule.EVENT_TIME_COLUMN));
        List<String> conditions = new ArrayList<>();
        TopicFilter source = rule.parsed().source();
        if (!source.allDevices()) {
            conditions.add("`device_name` = " + FlinkSql.literal(source.deviceName()));
        }
        if (rule.parsed().where() != null) {
            conditions.add(writer.write(rule.parsed().where()));
        }
        String query = "SELECT " + String.join(", ", select) + "\nFROM " + writer.from()
                + (conditions.isEmpty() ? "" : "\nWHERE " + String.join(" AND ", conditions));
        return new FlinkRule(writer.views(), query, rule.outputs().stream().map(Output::name).toList(),
                writer.functions);
    }

    /**
     * The dry-run form of {@code rule} (see {@link MatchQuery}): over the same view as {@link #translate}, every
     * condition of its WHERE as a column, and no WHERE. Its Weft functions are among {@link #translate}'s.
     */
    public MatchQuery matchQuery(CheckedRule rule) {
        ProductView view = view(rule);
        Writer writer = new Writer(rule, view);
        // A status change has no message id (its view has no message_id column).
        String messageId = view.column("message_id").isPresent() ? "`message_id`" : "CAST(NULL AS BIGINT)";
        List<String> select = new ArrayList<>(List.of(
                messageId + " AS " + FlinkSql.quote(MatchQuery.MESSAGE_ID_COLUMN),
                "`device_name` AS " + FlinkSql.quote(DeployedRule.DEVICE_COLUMN),
                "`event_time` AS " + FlinkSql.quote(DeployedRule.EVENT_TIME_COLUMN)));
        List<MatchQuery.Condition> conditions = new ArrayList<>();
        List<String> written = new ArrayList<>();
        TopicFilter source = rule.parsed().source();
        if (!source.allDevices()) {
            written.add("(`device_name` = " + FlinkSql.literal(source.deviceName()) + ")");
            conditions.add(new MatchQuery.Condition("_weft_c0", "deviceName() = '" + source.deviceName() + "'"));
        }
        SqlNode where = rule.parsed().where();
        if (where != null) {
            List<SqlNode> terms = where.getKind() == SqlKind.AND ? Writer.flatten((SqlCall) where, SqlKind.AND)
                    : List.of(where);
            for (SqlNode term : terms) {
                written.add(writer.write(term));
                conditions.add(new MatchQuery.Condition("_weft_c" + conditions.size(),
                        SourceSlice.of(rule.parsed().sql(), term)));
            }
        }
        for (int i = 0; i < conditions.size(); i++) {
            select.add(written.get(i) + " AS " + FlinkSql.quote(conditions.get(i).column()));
        }
        select.add((written.isEmpty() ? "TRUE" : "(" + String.join(" AND ", written) + ")") + " AS "
                + FlinkSql.quote(MatchQuery.MATCHED_COLUMN));
        return new MatchQuery(view, "SELECT " + String.join(", ", select) + "\nFROM " + writer.from(), conditions);
    }

    private static ProductView view(CheckedRule rule) {
        return switch (rule.parsed().source().kind()) {
            case EVENT_POST -> ProductViews.event(rule.model(), rule.event());
            case STATUS -> ProductViews.status(rule.parsed().source().productKey());
            default -> ProductViews.properties(rule.model());
        };
    }

    /**
     * Writes one rule's expressions, collecting the Weft functions they call and whether they read the device's
     * attributes ({@code attribute(key)}).
     */
    private static final class Writer {
        /** The device's attributes (tags) as of the reading, in a rule that calls {@code attribute(key)}. */
        private static final String ATTRIBUTES_COLUMN = "_weft_attributes";
        private final CheckedRule rule;
        private final ProductView view;
        private final Set<String> functions = new TreeSet<>();
        private boolean attributes;

        Writer(CheckedRule rule, ProductView view) {
            this.rule = rule;
            this.view = view;
        }

        /**
         * What the rule reads, once its expressions are written: its view, or, when it calls {@code attribute(key)},
         * its view with each reading's attributes as of its event time, a left event-time temporal join with
         * {@link ProductViews#attributes} (the same join a Flink SQL rule writes, so replaying the same telemetry and
         * registry gives the same results; a reading of a device without attributes gets NULL).
         */
        String from() {
            if (!attributes) {
                return FlinkSql.quote(view.name());
            }
            return "(\n  SELECT `r`.*, `a`.`attributes` AS " + FlinkSql.quote(ATTRIBUTES_COLUMN) + "\n  FROM "
                    + FlinkSql.quote(view.name()) + " AS `r`\n  LEFT JOIN "
                    + FlinkSql.quote(ProductViews.attributesViewName(rule.model()))
                    + " FOR SYSTEM_TIME AS OF `r`.`event_time` AS `a`\n"
                    + "    ON `r`.`device_name` = `a`.`device_name`)";
        }

        /** The views {@link #from()} reads, in the order to create them. */
        List<ProductView> views() {
            return attributes ? List.of(view, ProductViews.attributes(rule.model())) : List.of(view);
        }

        String field(FieldRef field) {
            ViewColumn column = view.columnFor(field.identifier()).orElseThrow(() ->
                    new IllegalStateException("no view column for " + field.identifier()));
            StringBuilder out = new StringBuilder(FlinkSql.quote(column.name()));
            field.members().forEach(m -> out.append('.').append(FlinkSql.quote(m)));
            return out.toString();
        }

        String write(SqlNode node) {
            if (node instanceof SqlIdentifier id) {
                return field(rule.field(id));
            }
            if (node instanceof SqlLiteral literal) {
                return literal(literal);
            }
            SqlCall call = (SqlCall) node;
            if (call.getOperator() instanceof SqlFunction) {
                return function(call);
            }
            List<SqlNode> ops = call.getOperandList();
            return switch (call.getKind()) {
                case EQUALS -> binary(ops, "=");
                case NOT_EQUALS -> binary(ops, "<>");
                case LESS_THAN -> binary(ops, "<");
                case LESS_THAN_OR_EQUAL -> binary(ops, "<=");
                case GREATER_THAN -> binary(ops, ">");
                case GREATER_THAN_OR_EQUAL -> binary(ops, ">=");
                case AND -> "(" + flatten(call, SqlKind.AND).stream().map(this::write)
                        .collect(Collectors.joining(" AND ")) + ")";
                case OR -> "(" + flatten(call, SqlKind.OR).stream().map(this::write)
                        .collect(Collectors.joining(" OR ")) + ")";
                case NOT -> "(NOT " + write(ops.get(0)) + ")";
                case IN, NOT_IN -> "(" + write(ops.get(0)) + (call.getKind() == SqlKind.IN
                        ? " IN (" : " NOT IN (") + ((SqlNodeList) ops.get(1)).stream().map(this::write)
                        .collect(Collectors.joining(", ")) + "))";
                case BETWEEN -> "(" + write(ops.get(0))
                        + (((SqlBetweenOperator) call.getOperator()).isNegated() ? " NOT BETWEEN " : " BETWEEN ")
                        + write(ops.get(1)) + " AND " + write(ops.get(2)) + ")";
                case LIKE -> "(" + write(ops.get(0)) + " " + call.getOperator().getName() + " " + write(ops.get(1))
                        + (ops.size() > 2 ? " ESCAPE " + write(ops.get(2)) : "") + ")";
                case IS_NULL -> "(" + write(ops.get(0)) + " IS NULL)";
                case IS_NOT_NULL -> "(" + write(ops.get(0)) + " IS NOT NULL)";
                case PLUS -> binary(ops, "+");
                case MINUS -> binary(ops, "-");
                case TIMES -> binary(ops, "*");
                case DIVIDE -> binary(ops, "/");
                case MOD -> "MOD(" + write(ops.get(0)) + ", " + write(ops.get(1)) + ")";
                case MINUS_PREFIX -> "(-" + write(ops.get(0)) + ")";
                case PLUS_PREFIX -> write(ops.get(0));
                default -> throw new IllegalStateException("not checked: " + call.getKind());
            };
        }

        /** a AND (b AND c) is a AND b AND c: Calcite nests what the analyst wrote flat. */
        private static List<SqlNode> flatten(SqlCall call, SqlKind kind) {
            List<SqlNode> flat = new ArrayList<>();
            for (SqlNode operand : call.getOperandList()) {
                if (operand.getKind() == kind) {
                    flat.addAll(flatten((SqlCall) operand, kind));
                } else {
                    flat.add(operand);
                }
            }
            return flat;
        }

        private String binary(List<SqlNode> ops, String operator) {
            return "(" + write(ops.get(0)) + " " + operator + " " + write(ops.get(1)) + ")";
        }

        private static String literal(SqlLiteral literal) {
            if (literal instanceof SqlCharStringLiteral) {
                return FlinkSql.literal(literal.getValueAs(String.class));
            }
            if (literal instanceof SqlNumericLiteral number) {
                return number.bigDecimalValue().toString();
            }
            if (literal.getTypeName() == SqlTypeName.NULL) {
                return "NULL";
            }
            return String.valueOf(literal.toValue()).toUpperCase(Locale.ROOT);
        }

        private String function(SqlCall call) {
            AlibabaFunction f = AlibabaFunction.byName(rule.parsed().functionName(call.getOperator().getName()))
                    .orElseThrow();
            List<SqlNode> args = call.getOperandList();
            return switch (f) {
                case ABS, ASIN, COS, COSH, EXP, FLOOR, SIN, SINH, TAN, TANH, POWER, MOD, LOWER, UPPER, REPLACE,
                        RAND -> f.sqlName().toUpperCase(Locale.ROOT) + args(args);
                case LOG -> args.size() == 1 ? "LOG10(" + write(args.get(0)) + ")"
                        : "LOG(" + write(args.get(1)) + ", " + write(args.get(0)) + ")";
                case CONCAT -> "CONCAT(" + args.stream().map(a -> "CAST(" + write(a) + " AS STRING)")
                        .collect(Collectors.joining(", ")) + ")";
                case CRYPTO -> crypto(args);
                case DEVICE_NAME -> "`device_name`";
                case MESSAGE_ID -> "`message_id`";
                case PAYLOAD -> "`payload`";
                case NEWUUID -> "UUID()";
                case NANVL -> "COALESCE" + args(args);
                case TOPIC -> args.isEmpty() ? "`topic`" : "SPLIT_INDEX(`topic`, '/', " + write(args.get(0)) + ")";
                case TO_BASE64 -> "TO_BASE64(`payload`)";
                case TO_HEX -> weft("weft_to_hex", "`payload`");
                case ENDSWITH -> weft("weft_endswith", write(args.get(0)), write(args.get(1)));
                case SUBSTRING -> {
                    List<String> written = new ArrayList<>();
                    written.add("CAST(" + write(args.get(0)) + " AS STRING)");
                    args.subList(1, args.size()).forEach(a -> written.add(write(a)));
                    yield weft("weft_substring", written.toArray(String[]::new));
                }
                case TIMESTAMP -> weft("weft_timestamp", args.stream().map(this::write).toArray(String[]::new));
                case TIMESTAMP_UTC -> weft("weft_timestamp_utc", args.stream().map(this::write).toArray(String[]::new));
                case ATTRIBUTE -> {
                    attributes = true;
                    yield "(" + FlinkSql.quote(ATTRIBUTES_COLUMN) + "[" + write(args.get(0)) + "])";
                }
                case THING_PROPERTY_FLAT_MAP -> throw new IllegalStateException("expanded by the validator");
            };
        }

        private String crypto(List<SqlNode> args) {
            String value = "CAST(" + write(args.get(0)) + " AS STRING)";
            String alg = args.get(1) instanceof SqlCharStringLiteral l
                    ? l.getValueAs(String.class).toUpperCase(Locale.ROOT) : "";
            return switch (alg) {
                case "MD5" -> "MD5(" + value + ")";
                case "SHA1" -> "SHA1(" + value + ")";
                case "SHA-256" -> "SHA256(" + value + ")";
                case "SHA-384" -> "SHA384(" + value + ")";
                case "SHA-512" -> "SHA512(" + value + ")";
                default -> weft("weft_crypto", value, FlinkSql.literal(alg));
            };
        }

        private String args(List<SqlNode> args) {
            return args.stream().map(this::write).collect(Collectors.joining(", ", "(", ")"));
        }

        private String weft(String name, String... args) {
            functions.add(name);
            return name + "(" + String.join(", ", args) + ")";
        }
    }
}
