package io.weft.sqlrules.validate;

import io.weft.core.tsl.DataType;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.alibaba.AlibabaFunction;
import io.weft.sqlrules.alibaba.ParsedRule;
import io.weft.sqlrules.alibaba.TopicFilter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        private final TypeChecks checks = new TypeChecks(problems::add);
        private final FunctionChecker functions;
        private final Map<SqlIdentifier, FieldRef> fields = new IdentityHashMap<>();
        private final List<Output> outputs = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();
        private ThingModel.Event event;
        private FieldResolver resolver;

        Run(ParsedRule rule, ThingModel model) {
            this.rule = rule;
            this.model = model;
            this.functions = new FunctionChecker(rule, this::type, checks);
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
                case STATUS -> resolver = FieldResolver.forStatus(rule);
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
                String kind = switch (rule.source().kind()) {
                    case EVENT_POST -> "parameter";
                    case STATUS -> "field";
                    default -> "property";
                };
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
                return functions.check(call);
            }
            SqlKind kind = call.getKind();
            switch (kind) {
                case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                    Typed left = type(call.operand(0));
                    Typed right = type(call.operand(1));
                    if (left != null && right != null) {
                        checks.comparable(call, left, right);
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
                            checks.comparable(value, left, t);
                        }
                    }
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case BETWEEN -> {
                    Typed value = type(call.operand(0));
                    for (int i = 1; i < call.operandCount(); i++) {
                        Typed bound = type(call.operand(i));
                        if (value != null && bound != null) {
                            checks.comparable(call.operand(i), value, bound);
                        }
                    }
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case LIKE -> {
                    for (SqlNode operand : call.getOperandList()) {
                        checks.expect(operand, type(operand), RuleType.STRING, call.getOperator().getName());
                    }
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case IS_NULL, IS_NOT_NULL -> {
                    type(call.operand(0));
                    return new Typed(RuleType.BOOLEAN, "a condition");
                }
                case PLUS, MINUS, TIMES, DIVIDE, MOD, MINUS_PREFIX, PLUS_PREFIX -> {
                    for (SqlNode operand : call.getOperandList()) {
                        checks.expect(operand, type(operand), RuleType.NUMBER,
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

        private static String describe(SqlNode node) {
            String kind = node.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            return node instanceof SqlCall call && call.getOperator() != null
                    ? "'" + call.getOperator().getName() + "' (" + kind + ")" : kind;
        }
    }
}
