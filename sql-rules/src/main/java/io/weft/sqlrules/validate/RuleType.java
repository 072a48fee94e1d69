package io.weft.sqlrules.validate;

import io.weft.core.tsl.DataType;

/** The types rule expressions are checked with. Thing-model types map onto them as {@link #of} says. */
public enum RuleType {
    NUMBER("a number"),
    STRING("text"),
    BOOLEAN("a condition"),
    STRUCT("a struct"),
    ARRAY("an array"),
    /** Unknown until run time (custom topics): accepted wherever a value is. */
    ANY("a value"),
    NULL("NULL");

    private final String label;

    RuleType(String label) {
        this.label = label;
    }

    /** How a message names a value of this type: "a number", "text". */
    public String label() {
        return label;
    }

    /** int, float, double, date (epoch ms), bool (0/1) and enum (its key) are numbers; text is text. */
    public static RuleType of(DataType type) {
        if (type == null) {
            return ANY;
        }
        if (type instanceof DataType.Text) {
            return STRING;
        }
        if (type instanceof DataType.Struct) {
            return STRUCT;
        }
        if (type instanceof DataType.Array) {
            return ARRAY;
        }
        return NUMBER;
    }

    /** Whether values of the two types can be compared with =, <, IN, BETWEEN or stand in for each other. */
    public static boolean comparable(RuleType a, RuleType b) {
        if (a == ANY || b == ANY || a == NULL || b == NULL) {
            return true;
        }
        return a == b && (a == NUMBER || a == STRING || a == BOOLEAN);
    }

    public boolean scalar() {
        return this == NUMBER || this == STRING || this == ANY || this == NULL;
    }
}
