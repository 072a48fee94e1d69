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
 * The one type rule Calcite's validator lets through that Flink's planner refuses: comparing text with a number
 * ({@code label > 30}, {@code humidity IN ('a')}, {@code BETWEEN} mixing them). Calcite 1.42 finds VARCHAR and
 * INTEGER comparable even with type coercion off; Flink has no implicit cast between STRING and numeric types in a
 * comparison, so the rule would fail when the runtime plans it. This walk finds the first such comparison in the
 * validated query.
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
                        + " with " + describe(other, otherType) + "; Flink does not convert between text and "
                        + "numbers in a comparison (CAST one side)"));
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
