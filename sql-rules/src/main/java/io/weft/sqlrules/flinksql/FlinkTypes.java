package io.weft.sqlrules.flinksql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Flink SQL types as Calcite sees them, both ways: the types the product views declare ({@code INT},
 * {@code STRING}, {@code TIMESTAMP_LTZ(3)}, {@code ROW(`a` DOUBLE, ...)}) become Calcite types for the validator,
 * and Calcite's names in its messages ({@code VARCHAR(2147483647)}, {@code INTEGER}) go back to Flink's.
 */
final class FlinkTypes {
    /** Flink's STRING is VARCHAR(2147483647); Calcite's default type system caps VARCHAR at 65536. */
    private static final RelDataTypeSystemImpl FLINK_TYPE_SYSTEM = new RelDataTypeSystemImpl() {
        @Override
        public int getMaxPrecision(SqlTypeName typeName) {
            return switch (typeName) {
                case VARCHAR, CHAR, VARBINARY, BINARY -> Integer.MAX_VALUE;
                case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME -> 9;
                default -> super.getMaxPrecision(typeName);
            };
        }
    };

    private final RelDataTypeFactory factory = new SqlTypeFactoryImpl(FLINK_TYPE_SYSTEM);

    RelDataTypeFactory factory() {
        return factory;
    }

    RelDataType string() {
        return nullable(factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE));
    }

    /** A nullable Calcite type for a Flink type as {@link io.weft.sqlrules.flink.ProductViews} writes it. */
    RelDataType parse(String flinkType) {
        Reader reader = new Reader(flinkType);
        RelDataType type = reader.type();
        if (reader.at < flinkType.length()) {
            throw new IllegalArgumentException("cannot read Flink type " + flinkType);
        }
        return type;
    }

    private RelDataType nullable(RelDataType type) {
        return factory.createTypeWithNullability(type, true);
    }

    /** A recursive reader for the few type forms the views use. */
    private final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        RelDataType type() {
            String name = word().toUpperCase(Locale.ROOT);
            return switch (name) {
                case "INT", "INTEGER" -> nullable(factory.createSqlType(SqlTypeName.INTEGER));
                case "BIGINT" -> nullable(factory.createSqlType(SqlTypeName.BIGINT));
                case "FLOAT" -> nullable(factory.createSqlType(SqlTypeName.FLOAT));
                case "DOUBLE" -> nullable(factory.createSqlType(SqlTypeName.DOUBLE));
                case "BOOLEAN" -> nullable(factory.createSqlType(SqlTypeName.BOOLEAN));
                case "STRING" -> string();
                case "TIMESTAMP_LTZ" -> nullable(factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
                        precision()));
                case "TIMESTAMP" -> nullable(factory.createSqlType(SqlTypeName.TIMESTAMP, precision()));
                case "ROW" -> row();
                case "MAP" -> map();
                default -> throw new IllegalArgumentException("unknown Flink type " + name + " in " + text);
            };
        }

        private RelDataType row() {
            expect('(');
            List<String> names = new ArrayList<>();
            List<RelDataType> types = new ArrayList<>();
            do {
                names.add(quoted());
                types.add(type());
            } while (accept(','));
            expect(')');
            return nullable(factory.createStructType(types, names));
        }

        private RelDataType map() {
            expect('<');
            RelDataType key = type();
            expect(',');
            RelDataType value = type();
            expect('>');
            return nullable(factory.createMapType(key, value));
        }

        private int precision() {
            expect('(');
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            int precision = Integer.parseInt(text.substring(start, at));
            expect(')');
            return precision;
        }

        private String word() {
            skipSpace();
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            return text.substring(start, at);
        }

        private String quoted() {
            expect('`');
            StringBuilder name = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '`') {
                    if (at < text.length() && text.charAt(at) == '`') {
                        name.append('`');
                        at++;
                    } else {
                        return name.toString();
                    }
                } else {
                    name.append(c);
                }
            }
        }

        private boolean accept(char c) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + text);
            }
        }

        private void skipSpace() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }
    }

    /** Calcite's spelling of types in a message, rewritten to Flink's ({@code VARCHAR(2147483647)} is STRING). */
    static String flinkNames(String calciteText) {
        return calciteText
                .replace("VARCHAR(" + Integer.MAX_VALUE + ")", "STRING")
                .replace("TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP_LTZ")
                .replace("TIMESTAMP(3) WITH LOCAL TIME ZONE", "TIMESTAMP_LTZ(3)")
                .replaceAll("\\bINTEGER\\b", "INT");
    }
}
