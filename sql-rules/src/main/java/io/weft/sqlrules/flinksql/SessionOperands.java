package io.weft.sqlrules.flinksql;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Operands of Flink's session window function, {@code SESSION(TABLE data [PARTITION BY key], DESCRIPTOR(timecol),
 * gap)}: Calcite's own SESSION takes the key as a second descriptor instead ({@code SESSION(data, timecol, key,
 * size)}), which Flink does not accept.
 */
final class SessionOperands implements SqlOperandMetadata {

    @Override
    public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
        RelDataType any = typeFactory.createSqlType(SqlTypeName.ANY);
        return List.of(any, any, any);
    }

    @Override
    public List<String> paramNames() {
        return List.of("DATA", "TIMECOL", "GAP");
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
        RelDataType table = binding.getValidator().getValidatedNodeType(binding.operand(0));
        SqlNode descriptor = binding.operand(1);
        boolean ok = table.isStruct() && descriptor.getKind() == SqlKind.DESCRIPTOR
                && ((SqlCall) descriptor).operandCount() == 1
                && ((SqlCall) descriptor).operand(0) instanceof SqlIdentifier column
                && column.isSimple()
                && table.getField(column.getSimple(), true, false) != null
                && SqlTypeUtil.isTimestamp(table.getField(column.getSimple(), true, false).getType())
                && SqlTypeFamily.DATETIME_INTERVAL.contains(binding.getOperandType(2));
        if (!ok && throwOnFailure) {
            throw binding.newValidationSignatureError();
        }
        return ok;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
        return SqlOperandCountRanges.of(3);
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
        return opName + "(TABLE table [PARTITION BY column], DESCRIPTOR(time column), INTERVAL gap)";
    }
}
