package io.weft.sqlrules.validate;

import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import java.util.function.Consumer;
import org.apache.calcite.sql.SqlNode;

/** The type rules that operators and functions share: like compares with like, numbers where numbers go. */
final class TypeChecks {
    private final Consumer<RuleProblem> problems;

    TypeChecks(Consumer<RuleProblem> problems) {
        this.problems = problems;
    }

    void report(RuleProblem problem) {
        problems.accept(problem);
    }

    void comparable(SqlNode at, Typed left, Typed right) {
        if (!RuleType.comparable(left.type(), right.type())) {
            report(FieldResolver.problem(Kind.TYPE_MISMATCH, at.getParserPosition(),
                    "cannot compare " + left.describe() + " with " + right.describe()));
        }
    }

    void expect(SqlNode operand, Typed typed, RuleType expected, String context) {
        if (typed == null) {
            return;
        }
        RuleType t = typed.type();
        if (t == expected || t == RuleType.ANY || t == RuleType.NULL) {
            return;
        }
        report(FieldResolver.problem(Kind.TYPE_MISMATCH, operand.getParserPosition(),
                context + " needs " + expected.label() + ", but this is " + typed.describe()));
    }

    void scalar(SqlNode operand, Typed typed, String context) {
        if (typed != null && !typed.type().scalar()) {
            report(FieldResolver.problem(Kind.TYPE_MISMATCH, operand.getParserPosition(),
                    context + " needs a number or text, but this is " + typed.describe()));
        }
    }
}
