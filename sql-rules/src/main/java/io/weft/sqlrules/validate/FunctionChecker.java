package io.weft.sqlrules.validate;

import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.alibaba.AlibabaFunction;
import io.weft.sqlrules.alibaba.ParsedRule;
import io.weft.sqlrules.alibaba.TopicFilter;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * Checks calls of Alibaba's functions: that the function exists, gets as many arguments as it takes, of the kinds
 * it takes (numbers, text, constants of a given form), and what it returns.
 */
final class FunctionChecker {
    /** crypto(field, alg): the algorithms Alibaba lists. */
    static final List<String> CRYPTO_ALGORITHMS = List.of("MD2", "MD5", "SHA1", "SHA-256", "SHA-384", "SHA-512");

    private final ParsedRule rule;
    private final Function<SqlNode, Typed> typer;
    private final TypeChecks checks;

    /** {@code typer} types an argument (reporting its own problems; null when it has some). */
    FunctionChecker(ParsedRule rule, Function<SqlNode, Typed> typer, TypeChecks checks) {
        this.rule = rule;
        this.typer = typer;
        this.checks = checks;
    }

    /** The type a call returns, or null when it has problems (reported). */
    Typed check(SqlBasicCall call) {
        String name = rule.functionName(call.getOperator().getName());
        Optional<AlibabaFunction> found = AlibabaFunction.byName(name);
        if (found.isEmpty()) {
            call.getOperandList().forEach(o -> {
                if (!(o instanceof SqlIdentifier id && id.isStar())) {
                    typer.apply(o);
                }
            });
            checks.report(FieldResolver.problem(Kind.UNKNOWN_FUNCTION, call.getParserPosition(), "'" + name
                    + "' is not a function of Alibaba's rule SQL; see docs/rules.md for the list"));
            return null;
        }
        AlibabaFunction f = found.get();
        List<SqlNode> args = call.getOperandList();
        if (!f.accepts(args.size())) {
            args.forEach(o -> {
                if (!(o instanceof SqlIdentifier id && id.isStar())) {
                    typer.apply(o);
                }
            });
            String count = f.minArgs() == f.maxArgs() ? String.valueOf(f.minArgs())
                    : f.maxArgs() == Integer.MAX_VALUE ? f.minArgs() + " or more"
                    : f.minArgs() + " to " + f.maxArgs();
            checks.report(FieldResolver.problem(Kind.WRONG_ARITY, call.getParserPosition(), f.sqlName()
                    + " takes " + count + " argument" + ("1".equals(count) ? "" : "s") + ", not " + args.size()
                    + ": " + f.signature()));
            return null;
        }
        String ctx = f.sqlName() + "()";
        switch (f) {
            case ABS, ASIN, COS, COSH, EXP, FLOOR, SIN, SINH, TAN, TANH, LOG, MOD, POWER -> {
                args.forEach(a -> checks.expect(a, typer.apply(a), RuleType.NUMBER, ctx));
                return new Typed(RuleType.NUMBER, f.sqlName() + "(...) (a number)");
            }
            case RAND -> {
                return new Typed(RuleType.NUMBER, "rand() (a number)");
            }
            case CONCAT -> {
                args.forEach(a -> checks.scalar(a, typer.apply(a), ctx));
                return new Typed(RuleType.STRING, "concat(...) (text)");
            }
            case CRYPTO -> {
                checks.scalar(args.get(0), typer.apply(args.get(0)), ctx);
                String alg = constant(args.get(1));
                if (alg == null || !CRYPTO_ALGORITHMS.contains(alg.toUpperCase(Locale.ROOT))) {
                    checks.report(FieldResolver.problem(Kind.BAD_ARGUMENT, args.get(1).getParserPosition(),
                            "crypto's algorithm is one of " + CRYPTO_ALGORITHMS + " in single quotes"));
                }
                return new Typed(RuleType.STRING, "crypto(...) (text)");
            }
            case DEVICE_NAME, NEWUUID -> {
                return new Typed(RuleType.STRING, f.sqlName() + "() (text)");
            }
            case MESSAGE_ID -> {
                if (rule.source().kind() == TopicFilter.Kind.STATUS) {
                    checks.report(FieldResolver.problem(Kind.UNSUPPORTED, call.getParserPosition(),
                            "messageId() is the id of a device's message, and a device status change is not one: "
                                    + "Weft gives it no message id; use deviceName() and lastTime to tell changes "
                                    + "apart"));
                    return null;
                }
                return new Typed(RuleType.NUMBER, "messageId() (a number)");
            }
            case ENDSWITH -> {
                args.forEach(a -> checks.expect(a, typer.apply(a), RuleType.STRING, ctx));
                return new Typed(RuleType.BOOLEAN, "endswith(...) (a condition)");
            }
            case LOWER, UPPER, ATTRIBUTE -> {
                checks.expect(args.get(0), typer.apply(args.get(0)), RuleType.STRING, ctx);
                return new Typed(RuleType.STRING, f.sqlName() + "(...) (text)");
            }
            case REPLACE -> {
                checks.scalar(args.get(0), typer.apply(args.get(0)), ctx);
                checks.expect(args.get(1), typer.apply(args.get(1)), RuleType.STRING, ctx);
                checks.expect(args.get(2), typer.apply(args.get(2)), RuleType.STRING, ctx);
                return new Typed(RuleType.STRING, "replace(...) (text)");
            }
            case SUBSTRING -> {
                checks.scalar(args.get(0), typer.apply(args.get(0)), ctx);
                for (int i = 1; i < args.size(); i++) {
                    checks.expect(args.get(i), typer.apply(args.get(i)), RuleType.NUMBER, ctx);
                }
                return new Typed(RuleType.STRING, "substring(...) (text)");
            }
            case NANVL -> {
                Typed value = typer.apply(args.get(0));
                Typed fallback = typer.apply(args.get(1));
                if (value == null || fallback == null) {
                    return null;
                }
                if (!RuleType.comparable(value.type(), fallback.type())) {
                    checks.report(FieldResolver.problem(Kind.TYPE_MISMATCH, args.get(1).getParserPosition(),
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
                        checks.report(FieldResolver.problem(Kind.BAD_ARGUMENT, args.get(0).getParserPosition(),
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
                    checks.report(FieldResolver.problem(Kind.BAD_ARGUMENT, args.get(0).getParserPosition(),
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
                        checks.report(FieldResolver.problem(Kind.BAD_ARGUMENT, level.getParserPosition(),
                                "topic(n) takes a level number from 1, e.g. topic(1) for the first level"));
                    }
                }
                return new Typed(RuleType.STRING, "topic(...) (text)");
            }
            case TO_BASE64, TO_HEX -> {
                SqlNode arg = args.get(0);
                if (!(arg instanceof SqlIdentifier id && id.isStar())) {
                    checks.report(FieldResolver.problem(Kind.BAD_ARGUMENT, arg.getParserPosition(),
                            f.sqlName() + " encodes the whole payload: write " + f.sqlName() + "(*)"));
                }
                return new Typed(RuleType.STRING, f.sqlName() + "(*) (text)");
            }
            case THING_PROPERTY_FLAT_MAP -> {
                checks.report(FieldResolver.problem(Kind.UNSUPPORTED, call.getParserPosition(),
                        "thingPropertyFlatMap(...) adds fields to the result: it stands alone in SELECT"));
                return null;
            }
            default -> throw new IllegalStateException(f.name());
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
}
