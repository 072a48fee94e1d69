package io.weft.sqlrules.flinksql;

import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Where Weft is stricter than Flink on purpose: comparing text with a number ({@code label > 30}, {@code BETWEEN}
 * mixing them) is a type mismatch. Flink 2.2's planner accepts it by casting the text to a number
 * ({@code CAST(label AS BIGINT) > 30}), and that cast fails the running job on the first text that is not a number;
 * an analyst who means it writes the cast ({@code TRY_CAST(label AS INT) > 30}). Calcite's validator, like Flink's,
 * lets it through, so this walk finds the first such comparison in the validated query.
 */
final class ComparisonCheck {
    private final SqlValidator validator;
    private final String sql;

    ComparisonCheck(SqlValidator validator, String sql) {
        this.validator = validator;
        this.sql = sql;
    }

    Optional<RuleProblem> firstMismatch(SqlNode validated) {
        List<RuleProblem> found = new ArrayList<>();
        validated.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (found.isEmpty()) {
                    check(call, found);
                }
                return super.visit(call);
            }
        });
        return found.stream().findFirst();
    }

    private void check(SqlCall call, List<RuleProblem> found) {
        SqlKind kind = call.getKind();
        if (!SqlKind.BINARY_COMPARISON.contains(kind) && kind != SqlKind.BETWEEN && kind != SqlKind.IN
                && kind != SqlKind.NOT_IN) {
            return;
        }
        List<SqlNode> operands = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            if (operand instanceof SqlNodeList list) {
                list.forEach(operands::add);
            } else if (operand != null) {
                operands.add(operand);
            }
        }
        SqlNode first = operands.get(0);
        RelDataType firstType = type(first);
        for (SqlNode other : operands.subList(1, operands.size())) {
            RelDataType otherType = type(other);
            if (firstType != null && otherType != null && mismatched(firstType, otherType)) {
                SqlParserPos pos = call.getParserPosition();
                found.add(new RuleProblem(Kind.TYPE_MISMATCH, pos.getLineNum(), pos.getColumnNum(),
                        pos.getEndLineNum(), pos.getEndColumnNum(), "cannot compare " + describe(first, firstType)
                        + " with " + describe(other, otherType) + "; Flink would cast the text to a "
                        + "number and fail on text that is not one: write TRY_CAST(... AS INT) or CAST"));
                return;
            }
        }
    }

    private RelDataType type(SqlNode node) {
        return validator.getValidatedNodeTypeIfKnown(node);
    }

    private static boolean mismatched(RelDataType a, RelDataType b) {
        return (SqlTypeUtil.isCharacter(a) && SqlTypeUtil.isNumeric(b))
                || (SqlTypeUtil.isNumeric(a) && SqlTypeUtil.isCharacter(b));
    }

    private String describe(SqlNode node, RelDataType type) {
        String flinkType = FlinkTypes.flinkNames(type.getFullTypeString().replace(" NOT NULL", ""));
        return snippet(node.getParserPosition()).map(s -> s + " (" + flinkType + ")").orElse(flinkType);
    }

    /** The analyst's text at a position, when it is on one line. */
    private Optional<String> snippet(SqlParserPos pos) {
        if (pos.getLineNum() < 1 || pos.getLineNum() != pos.getEndLineNum()) {
            return Optional.empty();
        }
        String[] lines = sql.split("\n", -1);
        if (pos.getLineNum() > lines.length) {
            return Optional.empty();
        }
        String line = lines[pos.getLineNum() - 1];
        if (pos.getColumnNum() < 1 || pos.getEndColumnNum() > line.length()) {
            return Optional.empty();
        }
        return Optional.of(line.substring(pos.getColumnNum() - 1, pos.getEndColumnNum()));
    }
}
