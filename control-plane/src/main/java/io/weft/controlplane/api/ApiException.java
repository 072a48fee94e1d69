package io.weft.controlplane.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** An error answered as application/problem+json with the given status, title and detail. */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final Object extra;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    /** {@code extra} is added to the problem as the {@code errors} member. */
    public ApiException(HttpStatus status, String title, String detail, Object extra) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extra = extra;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Object extra() {
        return extra;
    }

    /** Adds a member to the problem document (e.g. {@code rrpcCode}); returns this exception. */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " does not exist");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }
}
