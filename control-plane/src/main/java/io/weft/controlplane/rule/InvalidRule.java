package io.weft.controlplane.rule;

import io.weft.controlplane.api.ApiException;
import io.weft.sqlrules.RuleProblem;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The problem document of a rule Weft refuses: {@code problems} lists what is wrong with its SQL (kind, line,
 * column, endLine, endColumn, message, in source order), {@code errors} what is wrong with its other fields (path,
 * reason); {@code detail} is the first of them, as {@code line L, column C: message}.
 */
final class InvalidRule {
    static final String TITLE = "Invalid rule";

    private InvalidRule() {
    }

    static ApiException of(HttpStatus status, String title, List<RuleProblem> problems, List<FieldProblem> errors) {
        String detail = !problems.isEmpty() ? problems.get(0).toString() : errors.get(0).toString();
        return new ApiException(status, title, detail, List.copyOf(errors)).with("problems", List.copyOf(problems));
    }

    static ApiException of(List<RuleProblem> problems, List<FieldProblem> errors) {
        return of(HttpStatus.BAD_REQUEST, TITLE, problems, errors);
    }
}
