package io.weft.controlplane.api;

import io.weft.core.store.StoreException;
import io.weft.core.tsl.ThingModelException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns Weft's errors into RFC 9457 problem documents ({@code application/problem+json}); Spring's own errors
 * are answered the same way ({@code spring.mvc.problemdetails.enabled}). A problem's {@code type} names the error
 * in docs/errors.md.
 */
@RestControllerAdvice
public class ProblemResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiException.class)
    ProblemDetail api(ApiException e) {
        ProblemDetail problem = problem(e.status(), e.title(), e.getMessage());
        if (e.extra() != null) {
            problem.setProperty("errors", e.extra());
        }
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(ThingModelException.class)
    ProblemDetail thingModel(ThingModelException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid thing model",
                e.errors().size() + " problem(s) in the thing model");
        problem.setProperty("errors", e.errors().stream()
                .map(err -> java.util.Map.of("path", err.path(), "reason", err.reason())).toList());
        return problem;
    }

    @ExceptionHandler(StoreException.class)
    ProblemDetail store(StoreException e) {
        LOG.warn("store unavailable", e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://weft.io/errors/" + title.toLowerCase().replace(' ', '-')));
        return problem;
    }
}
