package io.weft.sqlrules.validate;

import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.alibaba.AlibabaFunction;
import io.weft.sqlrules.alibaba.ParsedRule;
import io.weft.sqlrules.alibaba.TopicFilter;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * Checks a parsed Alibaba rule against the product's thing model: the source topic is the product's, every name is
 * a property (or event parameter), every function is Alibaba's and gets the number and kinds of arguments it takes,
 * comparisons compare like with like, and WHERE is a condition. Reports every problem, in source order.
 */
public final class RuleValidator {
    /** crypto(field, alg): the algorithms Alibaba lists. */
    public static final List<String> CRYPTO_ALGORITHMS = List.of("MD2", "MD5", "SHA1", "SHA-256", "SHA-384", "SHA-512");

    /** The outcome: a checked rule, or the problems (then {@code rule} is null). */
    public record Result(CheckedRule rule, List<RuleProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    public Result validate(ParsedRule rule, ThingModel model) {
        return new Run(rule, model).run();
    }

    /** One validation: the state of checking one rule. */
    private static final class Run {
        private final ParsedRule rule;
        private final ThingModel model;
        private final List<RuleProblem> problems = new ArrayList<>();
        private final Map<SqlIdentifier, FieldRef> fields = new IdentityHashMap<>();
        private final List<Output> outputs = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();
        private ThingModel.Event event;
        private FieldResolver resolver;

        Run(ParsedRule rule, ThingModel model) {
            this.rule = rule;
            this.model = model;
        }

        Result run() {
            TopicFilter source = rule.source();
            if (model.productKey() != null && !model.productKey().equals(source.productKey())) {
                problems.add(FieldResolver.problem(Kind.WRONG_PRODUCT, rule.sourcePos(), "the rule reads product '"
                        + source.productKey() + "' but the thing model is product '" + model.productKey() + "'"));
            }
            switch (source.kind()) {
                case PROPERTY_POST -> resolver = FieldResolver.forProperties(rule, model);
                case EVENT_POST -> {
                    event = model.event(source.eventId()).orElse(null);
                    if (event == null) {
                        problems.add(FieldResolver.problem(Kind.UNKNOWN_PROPERTY, rule.sourcePos(), "event '"
                                + source.eventId() + "' is not in the thing model; its events are "
                                + model.events().stream().map(ThingModel.Event::identifier).toList()));
                        return new Result(null, problems);
                    }
                    resolver = FieldResolver.forEvent(rule, event);
                }
                case CUSTOM -> {
                    resolver = FieldResolver.forCustomTopic(rule);
                    problems.add(FieldResolver.problem(Kind.UNSUPPORTED, rule.sourcePos(),
                            "rules on custom topics are checked but Weft does not run them yet: a custom topic "
                                    + "has no thing model to type its fields; read a thing-model topic instead"));
                }
                default -> throw new IllegalStateException(source.kind().name());
            }
            for (SqlNode item : rule.selectItems()) {
                selectItem(item);
            }
            if (rule.where() != null) {
                Typed condition = type(rule.where());
                if (condition != null && condition.type() != RuleType.BOOLEAN && condition.type() != RuleType.ANY) {
                    problems.add(FieldResolver.problem(Kind.TYPE_MISMATCH, rule.where().getParserPosition(),
                            "WHERE needs a condition such as temperature > 38, but this is " + condition.describe()));
                }
            }
            problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                    : Integer.compare(a.column(), b.column()));
            if (!problems.isEmpty()) {
                return new Result(null, problems);
            }
            return new Result(new CheckedRule(rule, model, event, outputs, fields), List.of());
        }

        private void selectItem(SqlNode item) {
            SqlNode expression = item;
            String alias = null;
            if (item.getKind() == SqlKind.AS) {
                SqlCall as = (SqlCall) item;
                expression = as.operand(0);
                alias = rule.name((SqlIdentifier) as.operand(1), 0);
            }
            if (expression instanceof SqlIdentifier id && id.isStar()) {
                if (id.names.size() > 1 || alias != null) {
                    problems.add(FieldResolver.problem(Kind.UNSUPPORTED, item.getParserPosition(),
                            "* selects every field and cannot be qualified or renamed"));
                    return;
                }
                resolver.fields().forEach((identifier, type) ->
                        output(identifier, null, new FieldRef(identifier, List.of(), type)));
                return;
            }
            if (expression instanceof SqlCall call && isFunction(call, AlibabaFunction.THING_PROPERTY_FLAT_MAP)) {
                flatMap(call, alias);
                return;
            }
            type(expression);
            output(alias != null ? alias : defaultName(expression), expression, null);
        }

        private void flatMap(SqlCall call, String alias) {
            if (alias != null) {
                problems.add(FieldResolver.problem(Kind.BAD_ARGUMENT, call.getParserPosition(),
                        "thingPropertyFlatMap(...) adds one field per property and cannot be renamed with AS"));
                return;
            }
            if (rule.source().kind() != TopicFilter.Kind.PROPERTY_POST) {
                problems.add(FieldResolver.problem(Kind.UNSUPPORTED, call.getParserPosition(),
                        "thingPropertyFlatMap(...) reads property posts: "
                                + "FROM \"/{productKey}/+/thing/event/property/post\""));
                return;
            }
            List<String> identifiers = new ArrayList<>();
            for (SqlNode operand : call.getOperandList()) {
                if (!(operand instanceof SqlCharStringLiteral literal)) {
                    problems.add(FieldResolver.problem(Kind.BAD_ARGUMENT, operand.getParserPosition(),
                            "thingPropertyFlatMap takes property identifiers in single quotes, e.g. "
                                    + "thingPropertyFlatMap('Power', 'Position')"));
                    continue;
                }
                String identifier = literal.getValueAs(String.class);
                if (resolver.topLevel(identifier) == null) {
                    problems.add(FieldResolver.problem(Kind.UNKNOWN_PROPERTY, operand.getParserPosition(), "'"
                            + identifier + "' is not a property in the thing model" + resolver.suggestion(identifier)));
                    continue;
                }
                identifiers.add(identifier);
            }
            if (call.operandCount() == 0) {
                identifiers.addAll(resolver.fields().keySet());
            }
            for (String identifier : identifiers) {
                DataType type = resolver.topLevel(identifier);
                if (type instanceof DataType.Struct struct) {
                    for (DataType.Member member : struct.members()) {
                        output(identifier + "_" + member.identifier(), null,
                                new FieldRef(identifier, List.of(member.identifier()), member.dataType()));
                    }
                } else {
                    output(identifier, null, new FieldRef(identifier, List.of(), type));
                }
            }
        }

        private void output(String name, SqlNode expression, FieldRef field) {
            String unique = name;
            for (int i = 2; !names.add(unique); i++) {
                unique = name + "_" + i;
            }
            outputs.add(new Output(unique, expression, field));
        }

        private String defaultName(SqlNode expression) {
            if (expression instanceof SqlIdentifier id && fields.get(id) != null) {
                FieldRef f = fields.get(id);
                return f.members().isEmpty() ? f.identifier() : f.members().get(f.members().size() - 1);
            }
            if (expression instanceof SqlCall call && call.getOperator() instanceof SqlFunction) {
                return AlibabaFunction.byName(rule.functionName(call.getOperator().getName()))
                        .map(AlibabaFunction::sqlName).orElse("expr");
            }
            return "expr" + (outputs.size() + 1);
        }

        private boolean isFunction(SqlCall call, AlibabaFunction function) {
            return call.getOperator() instanceof SqlFunction
                    && AlibabaFunction.byName(rule.functionName(call.getOperator().getName()))
                    .filter(f -> f == function).isPresent();
        }

        /** The type of an expression, or null when it has problems (already reported). */
        private Typed type(SqlNode node) {
            if (node instanceof SqlLiteral literal) {
                return literal(literal);
            }
            if (node instanceof SqlIdentifier id) {
                if (id.isStar()) {
                    problems.add(FieldResolver.problem(Kind.UNSUPPORTED, id.getParserPosition(),
                            "* stands alone in SELECT, or as the argument of to_base64(*) and to_hex(*)"));
                    return null;
                }
                FieldRef field = resolver.resolve(id, problems::add);
                if (field == null) {
                    return null;
                }
                fields.put(id, field);
                String kind = rule.source().kind() == TopicFilter.Kind.EVENT_POST ? "parameter" : "property";
                String described = field.dataType() == null ? "the field '" + field.path() + "'"
                        : "the " + field.dataType().type() + " " + (field.members().isEmpty() ? kind : "member")
                        + " '" + field.path() + "'";
                return new Typed(field.type(), described);
            }
            if (node instanceof SqlBasicCall call) {
                return call(call);
            }
            problems.add(FieldResolver.problem(Kind.UNSUPPORTED, node.getParserPosition(),
                    describe(node) + " is not part of Alibaba's rule SQL"));
            return null;
        }

        private Typed literal(SqlLiteral literal) {
            if (literal instanceof SqlNumericLiteral) {
                return new Typed(RuleType.NUMBER, "the number " + literal.toValue());
            }
            if (literal instanceof SqlCharStringLiteral) {
                return new Typed(RuleType.STRING, "the text '" + literal.getValueAs(String.class) + "'");
            }
            if (literal.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.BOOLEAN) {
                return new Typed(RuleType.BOOLEAN, String.valueOf(literal.toValue()).toUpperCase(Locale.ROOT));
            }
            if (literal.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL) {
                return new Typed(RuleType.NULL, "NULL");
            }
            problems.add(FieldResolver.problem(Kind.UNSUPPORTED, literal.getParserPosition(),
                    "the literal " + literal + " is not part of Alibaba's rule SQL (numbers, 'text', TRUE, FALSE "
                            + "and NULL are)"));
            return null;
        }

        private Typed call(SqlBasicCall call) {
            if (call.getOperator() instanceof SqlFunction) {
                return function(call);
            }
            SqlKind kind = call.getKind();
            switch (kind) {
                case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                    Typed left = type(call.operand(0));
                    Typed right = type(call.operand(1));
                    if (left != null && right != null) {
                        comparable(call, left, right);
                    }
                    return new Typed(RuleType.BOOLEAN, "a comparison");
                }
                case AND, OR, NOT -> {
                    for (SqlNode operand : call.getOperandList()) {
                        Typed t = type(operand);
                        if (t != null && t.type() != RuleType.BOOLEAN && t.type() != RuleType.ANY) {
                            problems.add(FieldResolver.problem(Kind.TYPE_MISMATCH, operand.getParserPosition(),
                                    call.getOperator().getName() + " combines conditions, but this is "
                                            + t.describe()));
                        }
                    }
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case IN, NOT_IN -> {
                    Typed left = type(call.operand(0));
                    SqlNode list = call.operand(1);
                    if (!(list instanceof SqlNodeList values)) {
                        problems.add(FieldResolver.problem(Kind.UNSUPPORTED, list.getParserPosition(),
                                "IN takes a list of values, e.g. IN ('a', 'b'); subqueries are not part of "
                                        + "Alibaba's rule SQL"));
                        return new Typed(RuleType.BOOLEAN, "a condition");
                    }
                    for (SqlNode value : values) {
                        Typed t = type(value);
                        if (left != null && t != null) {
                            comparable(value, left, t);
                        }
                    }
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case BETWEEN -> {
                    Typed value = type(call.operand(0));
                    for (int i = 1; i < call.operandCount(); i++) {
                        Typed bound = type(call.operand(i));
                        if (value != null && bound != null) {
                            comparable(call.operand(i), value, bound);
                        }
                    }
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case LIKE -> {
                    for (SqlNode operand : call.getOperandList()) {
                        expect(operand, type(operand), RuleType.STRING, call.getOperator().getName());
                    }
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case IS_NULL, IS_NOT_NULL -> {
                    type(call.operand(0));
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case PLUS, MINUS, TIMES, DIVIDE, MOD, MINUS_PREFIX, PLUS_PREFIX -> {
                    for (SqlNode operand : call.getOperandList()) {
                        expect(operand, type(operand), RuleType.NUMBER,
                                "arithmetic (" + call.getOperator().getName() + ")");
                    }
                    return new Typed(RuleType.NUMBER, "a number");
                }
                default -> {
                    String hint = "||".equals(call.getOperator().getName()) ? "; use concat(a, b)" : "";
                    problems.add(FieldResolver.problem(Kind.UNSUPPORTED, call.getParserPosition(),
                            describe(call) + " is not part of Alibaba's rule SQL" + hint));
                    return null;
                }
            }
        }

        private void comparable(SqlNode at, Typed left, Typed right) {
            if (!RuleType.comparable(left.type(), right.type())) {
                problems.add(FieldResolver.problem(Kind.TYPE_MISMATCH, at.getParserPosition(),
                        "cannot compare " + left.describe() + " with " + right.describe()));
            }
        }

        private void expect(SqlNode operand, Typed typed, RuleType expected, String context) {
            if (typed == null) {
                return;
            }
            RuleType t = typed.type();
            if (t == expected || t == RuleType.ANY || t == RuleType.NULL) {
                return;
            }
            problems.add(FieldResolver.problem(Kind.TYPE_MISMATCH, operand.getParserPosition(),
                    context + " needs " + expected.label() + ", but this is " + typed.describe()));
        }

        private Typed function(SqlBasicCall call) {
            String name = rule.functionName(call.getOperator().getName());
            Optional<AlibabaFunction> found = AlibabaFunction.byName(name);
            if (found.isEmpty()) {
                call.getOperandList().forEach(o -> {
                    if (!(o instanceof SqlIdentifier id && id.isStar())) {
                        type(o);
                    }
                });
                problems.add(FieldResolver.problem(Kind.UNKNOWN_FUNCTION, call.getParserPosition(), "'" + name
                        + "' is not a function of Alibaba's rule SQL; see docs/rules.md for the list"));
                return null;
            }
            AlibabaFunction f = found.get();
            List<SqlNode> args = call.getOperandList();
            if (!f.accepts(args.size())) {
                args.forEach(o -> {
                    if (!(o instanceof SqlIdentifier id && id.isStar())) {
                        type(o);
                    }
                });
                String count = f.minArgs() == f.maxArgs() ? String.valueOf(f.minArgs())
                        : f.maxArgs() == Integer.MAX_VALUE ? f.minArgs() + " or more"
                        : f.minArgs() + " to " + f.maxArgs();
                problems.add(FieldResolver.problem(Kind.WRONG_ARITY, call.getParserPosition(), f.sqlName()
                        + " takes " + count + " argument" + ("1".equals(count) ? "" : "s") + ", not " + args.size()
                        + ": " + f.signature()));
                return null;
            }
            String ctx = f.sqlName() + "()";
            switch (f) {
                case ABS, ASIN, COS, COSH, EXP, FLOOR, SIN, SINH, TAN, TANH, LOG, MOD, POWER -> {
                    args.forEach(a -> expect(a, type(a), RuleType.NUMBER, ctx));
                    return new Typed(RuleType.NUMBER, f.sqlName() + "(...) (a number)");
                }
                case RAND -> {
                    return new Typed(RuleType.NUMBER, "rand() (a number)");
                }
                case CONCAT -> {
                    args.forEach(a -> scalar(a, type(a), ctx));
                    return new Typed(RuleType.STRING, "concat(...) (text)");
                }
                case CRYPTO -> {
                    scalar(args.get(0), type(args.get(0)), ctx);
                    String alg = constant(args.get(1));
                    if (alg == null || !CRYPTO_ALGORITHMS.contains(alg.toUpperCase(Locale.ROOT))) {
                        problems.add(FieldResolver.problem(Kind.BAD_ARGUMENT, args.get(1).getParserPosition(),
                                "crypto's algorithm is one of " + CRYPTO_ALGORITHMS + " in single quotes"));
                    }
                    return new Typed(RuleType.STRING, "crypto(...) (text)");
                }
                case DEVICE_NAME, NEWUUID -> {
                    return new Typed(RuleType.STRING, f.sqlName() + "() (text)");
                }
                case MESSAGE_ID -> {
                    return new Typed(RuleType.NUMBER, "messageId() (a number)");
                }
                case ENDSWITH -> {
                    args.forEach(a -> expect(a, type(a), RuleType.STRING, ctx));
                    return new Typed(RuleType.BOOLEAN, "endswith(...) (a condition)");
                }
                case LOWER, UPPER, ATTRIBUTE -> {
                    expect(args.get(0), type(args.get(0)), RuleType.STRING, ctx);
                    return new Typed(RuleType.STRING, f.sqlName() + "(...) (text)");
                }
                case REPLACE -> {
                    scalar(args.get(0), type(args.get(0)), ctx);
                    expect(args.get(1), type(args.get(1)), RuleType.STRING, ctx);
                    expect(args.get(2), type(args.get(2)), RuleType.STRING, ctx);
                    return new Typed(RuleType.STRING, "replace(...) (text)");
                }
                case SUBSTRING -> {
                    scalar(args.get(0), type(args.get(0)), ctx);
                    for (int i = 1; i < args.size(); i++) {
                        expect(args.get(i), type(args.get(i)), RuleType.NUMBER, ctx);
                    }
                    return new Typed(RuleType.STRING, "substring(...) (text)");
                }
                case NANVL -> {
                    Typed value = type(args.get(0));
                    Typed fallback = type(args.get(1));
                    if (value == null || fallback == null) {
                        return null;
                    }
                    if (!RuleType.comparable(value.type(), fallback.type())) {
                        problems.add(FieldResolver.problem(Kind.TYPE_MISMATCH, args.get(1).getParserPosition(),
                                "nanvl's default must be of the same type as its value: " + value.describe()
                                        + " cannot default to " + fallback.describe()));
                    }
                    RuleType t = value.type() == RuleType.NULL ? fallback.type() : value.type();
                    return new Typed(t, "nanvl(...) (" + t.label() + ")");
                }
                case PAYLOAD -> {
                    if (!args.isEmpty()) {
                        String encoding = constant(args.get(0));
                        if (encoding == null || !encoding.replace("-", "").equalsIgnoreCase("utf8")) {
                            problems.add(FieldResolver.problem(Kind.BAD_ARGUMENT, args.get(0).getParserPosition(),
                                    "Weft keeps payloads as UTF-8 JSON: write payload() or payload('utf-8')"));
                        }
                    }
                    return new Typed(RuleType.STRING, "payload() (text)");
                }
                case TIMESTAMP, TIMESTAMP_UTC -> {
                    if (args.isEmpty()) {
                        return new Typed(RuleType.NUMBER, f.sqlName() + "() (a number)");
                    }
                    String format = constant(args.get(0));
                    if (format == null || !validFormat(format)) {
                        problems.add(FieldResolver.problem(Kind.BAD_ARGUMENT, args.get(0).getParserPosition(),
                                f.sqlName() + " takes a date format in single quotes, such as 'yyyy-MM-dd HH:mm:ss'"));
                    }
                    return new Typed(RuleType.STRING, f.sqlName() + "('...') (text)");
                }
                case TOPIC -> {
                    if (!args.isEmpty()) {
                        SqlNode level = args.get(0);
                        boolean ok = level instanceof SqlNumericLiteral n && n.isExact()
                                && n.bigDecimalValue().signum() > 0 && n.bigDecimalValue().scale() <= 0;
                        if (!ok) {
                            problems.add(FieldResolver.problem(Kind.BAD_ARGUMENT, level.getParserPosition(),
                                    "topic(n) takes a level number from 1, e.g. topic(1) for the first level"));
                        }
                    }
                    return new Typed(RuleType.STRING, "topic(...) (text)");
                }
                case TO_BASE64, TO_HEX -> {
                    SqlNode arg = args.get(0);
                    if (!(arg instanceof SqlIdentifier id && id.isStar())) {
                        problems.add(FieldResolver.problem(Kind.BAD_ARGUMENT, arg.getParserPosition(),
                                f.sqlName() + " encodes the whole payload: write " + f.sqlName() + "(*)"));
                    }
                    return new Typed(RuleType.STRING, f.sqlName() + "(*) (text)");
                }
                case THING_PROPERTY_FLAT_MAP -> {
                    problems.add(FieldResolver.problem(Kind.UNSUPPORTED, call.getParserPosition(),
                            "thingPropertyFlatMap(...) adds fields to the result: it stands alone in SELECT"));
                    return null;
                }
                default -> throw new IllegalStateException(f.name());
            }
        }

        private void scalar(SqlNode operand, Typed typed, String context) {
            if (typed != null && !typed.type().scalar()) {
                problems.add(FieldResolver.problem(Kind.TYPE_MISMATCH, operand.getParserPosition(),
                        context + " needs a number or text, but this is " + typed.describe()));
            }
        }

        private static String constant(SqlNode node) {
            return node instanceof SqlCharStringLiteral literal ? literal.getValueAs(String.class) : null;
        }

        /** Formats use SimpleDateFormat's pattern language: the one Alibaba documents and Flink's DATE_FORMAT reads. */
        private static boolean validFormat(String format) {
            try {
                new SimpleDateFormat(format, Locale.ROOT);
                return !format.isEmpty();
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static String describe(SqlNode node) {
            String kind = node.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            return node instanceof SqlCall call && call.getOperator() != null
                    ? "'" + call.getOperator().getName() + "' (" + kind + ")" : kind;
        }
    }

    /** An expression's type and how to name it in a message ("the text property 'name'"). */
    private record Typed(RuleType type, String description) {
        String describe() {
            return description;
        }
    }
}
