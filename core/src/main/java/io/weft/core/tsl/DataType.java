package io.weft.core.tsl;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A thing-model data type with its specs, as Alibaba's TSL defines them. */
public sealed interface DataType {

    /** The TSL type name: int, float, double, text, date, bool, enum, struct, array. */
    String type();

    /** int, float, double: min, max and step are optional (null = unbounded / no step). */
    record Numeric(String type, BigDecimal min, BigDecimal max, BigDecimal step, String unit, String unitName)
            implements DataType {
        public boolean integral() {
            return type.equals("int");
        }
    }

    /** text: {@code length} is the maximum length in UTF-8 bytes (Alibaba allows up to 10240). */
    record Text(int length) implements DataType {
        public static final int MAX_LENGTH = 10240;

        @Override
        public String type() {
            return "text";
        }
    }

    /** date: UTC epoch milliseconds, sent as a string or a number. */
    record Date() implements DataType {
        @Override
        public String type() {
            return "date";
        }
    }

    /** bool: 0 or 1, with a label for each. */
    record Bool(Map<Integer, String> labels) implements DataType {
        @Override
        public String type() {
            return "bool";
        }
    }

    /** enum: an integer that must be one of the keys. */
    record Enum(Map<Integer, String> values) implements DataType {
        @Override
        public String type() {
            return "enum";
        }
    }

    /** struct: named members, each with its own type. */
    record Struct(List<Member> members) implements DataType {
        @Override
        public String type() {
            return "struct";
        }
    }

    /** array: at most {@code size} items (Alibaba allows up to 512), each of the item type. */
    record Array(int size, DataType item) implements DataType {
        public static final int MAX_SIZE = 512;

        @Override
        public String type() {
            return "array";
        }
    }

    /** A struct member, or a service/event parameter. */
    record Member(String identifier, String name, DataType dataType) {
    }
}
