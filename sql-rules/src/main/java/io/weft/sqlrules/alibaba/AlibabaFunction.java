package io.weft.sqlrules.alibaba;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Alibaba's rule SQL functions (help.aliyun.com document 30555, "Functions"), with the arity each accepts. Names
 * match case-insensitively, as Calcite reads some of them ({@code FLOOR}, {@code SUBSTRING}) as its own built-ins.
 * The types each function takes and returns are checked by {@code io.weft.sqlrules.validate.RuleValidator}.
 */
public enum AlibabaFunction {
    ABS("abs", 1, 1, "abs(number)"),
    ASIN("asin", 1, 1, "asin(number)"),
    ATTRIBUTE("attribute", 1, 1, "attribute(key)"),
    CONCAT("concat", 2, 2, "concat(string1, string2)"),
    COS("cos", 1, 1, "cos(number)"),
    COSH("cosh", 1, 1, "cosh(number)"),
    CRYPTO("crypto", 2, 2, "crypto(field, 'MD2'|'MD5'|'SHA1'|'SHA-256'|'SHA-384'|'SHA-512')"),
    DEVICE_NAME("deviceName", 0, 0, "deviceName()"),
    ENDSWITH("endswith", 2, 2, "endswith(input, suffix)"),
    EXP("exp", 1, 1, "exp(number)"),
    FLOOR("floor", 1, 1, "floor(number)"),
    LOG("log", 1, 2, "log(n[, m])"),
    LOWER("lower", 1, 1, "lower(string)"),
    MESSAGE_ID("messageId", 0, 0, "messageId()"),
    MOD("mod", 2, 2, "mod(n, m)"),
    NANVL("nanvl", 2, 2, "nanvl(value, default)"),
    NEWUUID("newuuid", 0, 0, "newuuid()"),
    PAYLOAD("payload", 0, 1, "payload(['utf-8'])"),
    POWER("power", 2, 2, "power(n, m)"),
    RAND("rand", 0, 0, "rand()"),
    REPLACE("replace", 3, 3, "replace(source, substring, replacement)"),
    SIN("sin", 1, 1, "sin(n)"),
    SINH("sinh", 1, 1, "sinh(n)"),
    SUBSTRING("substring", 2, 3, "substring(target, start[, end])"),
    TAN("tan", 1, 1, "tan(n)"),
    TANH("tanh", 1, 1, "tanh(n)"),
    THING_PROPERTY_FLAT_MAP("thingPropertyFlatMap", 0, Integer.MAX_VALUE, "thingPropertyFlatMap(['property', ...])"),
    TIMESTAMP("timestamp", 0, 1, "timestamp(['format'])"),
    TIMESTAMP_UTC("timestamp_utc", 0, 1, "timestamp_utc(['format'])"),
    TO_BASE64("to_base64", 1, 1, "to_base64(*)"),
    TO_HEX("to_hex", 1, 1, "to_hex(*)"),
    TOPIC("topic", 0, 1, "topic([level])"),
    UPPER("upper", 1, 1, "upper(string)");

    private final String sqlName;
    private final int minArgs;
    private final int maxArgs;
    private final String signature;

    AlibabaFunction(String sqlName, int minArgs, int maxArgs, String signature) {
        this.sqlName = sqlName;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.signature = signature;
    }

    /** The name as Alibaba spells it. */
    public String sqlName() {
        return sqlName;
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    /** How the function is called, as error messages and docs/rules.md show it. */
    public String signature() {
        return signature;
    }

    public boolean accepts(int argumentCount) {
        return argumentCount >= minArgs && argumentCount <= maxArgs;
    }

    public static Optional<AlibabaFunction> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.sqlName.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }
}
