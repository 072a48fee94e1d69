package io.weft.sqlrules.flinksql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.TableCharacteristic;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A window table-valued function (TUMBLE, HOP, CUMULATE, SESSION) with the columns Flink appends, not Calcite's:
 * Flink adds {@code window_start} and {@code window_end} as TIMESTAMP(3) and {@code window_time}, of the time
 * column's type (a TIMESTAMP_LTZ(3) rowtime for the product views); Calcite adds only the first two, typed as the
 * time column. Operand checking is Calcite's (the data table, a DESCRIPTOR of a timestamp column, intervals).
 */
final class WindowTableFunction extends SqlWindowTableFunction {

    private final boolean partitioned;

    /** {@code partitioned}: the table argument takes PARTITION BY (Flink's SESSION). */
    WindowTableFunction(String name, SqlOperandMetadata operands, boolean partitioned) {
        super(name, operands);
        this.partitioned = partitioned;
    }

    @Override
    public TableCharacteristic tableCharacteristic(int ordinal) {
        return partitioned && ordinal == 0
                ? TableCharacteristic.builder(TableCharacteristic.Semantics.SET).passColumnsThrough().build()
                : super.tableCharacteristic(ordinal);
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return WindowTableFunction::rowType;
    }

    private static RelDataType rowType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType input = binding.getOperandType(0);
        RelDataType window = factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
        RelDataType time = input.getFieldList().stream()
                .filter(f -> f.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)
                .map(f -> factory.createTypeWithNullability(f.getType(), false))
                .findFirst()
                .orElse(window);
        return factory.builder()
                .kind(input.getStructKind())
                .addAll(input.getFieldList())
                .add("window_start", window)
                .add("window_end", window)
                .add("window_time", time)
                .build();
    }
}
