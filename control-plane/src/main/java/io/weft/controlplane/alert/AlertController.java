package io.weft.controlplane.alert;

import io.weft.controlplane.api.ApiException;
import io.weft.core.alert.Alert;
import io.weft.core.json.Json;
import io.weft.core.rule.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Alerts, as the alert job keeps them: listed with filters and pages, read one by one, acknowledged and cleared.
 * Acknowledge and clear are requests to the alert job; they answer 200 with the changed alert once its change is
 * stored here (normally well under a second), or 202 with the alert as it still is if that took longer than the
 * request's {@code waitMs} (default 10 000, at most 30 000; 0 answers 202 at once): the alert job is not running, or
 * is catching up. Either way the request is in Kafka and the job applies it when it runs.
 */
@RestController
public class AlertController {
    private static final int MAX_PAGE_SIZE = 500;
    private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final AlertService alerts;

    public AlertController(AlertService alerts) {
        this.alerts = alerts;
    }

    /** Alerts newest first; {@code state}, {@code severity}, {@code productKey}, {@code deviceName} filter them. */
    @GetMapping("/api/v1/alerts")
    public AlertPage list(@RequestParam(required = false) String state,
                          @RequestParam(required = false) String severity,
                          @RequestParam(required = false) String productKey,
                          @RequestParam(required = false) String deviceName,
                          @RequestParam(defaultValue = "0") int page,
                          @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("page must be 0 or more and size 1 to " + MAX_PAGE_SIZE);
        }
        AlertRepository.Page found = alerts.list(new AlertFilter(parse(state, Alert.State.class, "state"),
                parse(severity, Severity.class, "severity"), productKey, deviceName, page, size));
        return new AlertPage(found.rows().stream().map(AlertView::of).toList(), page, size, found.total());
    }

    @GetMapping("/api/v1/alerts/{id}")
    public AlertView get(@PathVariable String id) {
        return AlertView.of(alerts.get(id));
    }

    /** Acknowledges the alert; body {@code {"operator": "alice"}} (optional) names who did. */
    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    public ResponseEntity<AlertView> acknowledge(@PathVariable String id,
                                                 @RequestParam(defaultValue = "10000") long waitMs,
                                                 @RequestBody(required = false) OperatorRequest request) {
        return answer(alerts.acknowledge(id, operator(request), waitFor(waitMs)));
    }

    /** Clears the alert, even while its key flaps; body {@code {"operator": "alice"}} (optional) names who did. */
    @PostMapping("/api/v1/alerts/{id}/clear")
    public ResponseEntity<AlertView> clear(@PathVariable String id,
                                           @RequestParam(defaultValue = "10000") long waitMs,
                                           @RequestBody(required = false) OperatorRequest request) {
        return answer(alerts.clear(id, operator(request), waitFor(waitMs)));
    }

    private static ResponseEntity<AlertView> answer(AlertService.Outcome outcome) {
        return ResponseEntity.status(outcome.applied() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(AlertView.of(outcome.alert()));
    }

    private static Duration waitFor(long waitMs) {
        if (waitMs < 0 || waitMs > AlertService.MAX_WAIT.toMillis()) {
            throw ApiException.badRequest("waitMs must be 0 to " + AlertService.MAX_WAIT.toMillis());
        }
        return Duration.ofMillis(waitMs);
    }

    private static String operator(OperatorRequest request) {
        if (request == null || request.operator() == null) {
            return "api";
        }
        if (!OPERATOR.matcher(request.operator()).matches()) {
            throw ApiException.badRequest("operator must be 1 to 64 letters, digits or ._@-");
        }
        return request.operator();
    }

    private static <E extends Enum<E>> E parse(String value, Class<E> type, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (AlertRepository.enumName(e).equals(value.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw ApiException.badRequest("unknown " + name + " '" + value + "'; one of " + List.of(
                type.getEnumConstants()).stream().map(AlertRepository::enumName).toList());
    }

    public record OperatorRequest(String operator) {
    }

    public record AlertPage(List<AlertView> items, int page, int size, long total) {
    }

    /** An alert as the API shows it: times as ISO instants, details as JSON, its last failed notification. */
    public record AlertView(String id, String key, String name, Severity severity, Alert.State state,
                            boolean flapping, long count, Instant firstRaisedAt, Instant lastRaisedAt,
                            Instant lastEventTime, Instant acknowledgedAt, String acknowledgedBy, Instant clearedAt,
                            String clearedBy, String source, String productKey, String deviceName, JsonNode details,
                            long revision, Alert.Change lastChange, Instant updatedAt,
                            NotificationFailureView notificationFailure) {
        static AlertView of(AlertRow row) {
            Alert a = row.alert();
            return new AlertView(a.id(), a.key(), a.name(), a.severity(), a.state(), a.flapping(), a.count(),
                    instant(a.firstRaisedAt()), instant(a.lastRaisedAt()),
                    a.lastEventTime() == 0 ? null : instant(a.lastEventTime()),
                    a.acknowledgedAt() == null ? null : instant(a.acknowledgedAt()), a.acknowledgedBy(),
                    a.clearedAt() == null ? null : instant(a.clearedAt()), a.clearedBy(), a.source(),
                    a.productKey(), a.deviceName(), details(a.details()), a.revision(), a.change(),
                    instant(a.updatedAt()),
                    row.notificationFailedAt() == null ? null : new NotificationFailureView(
                            row.notificationFailedAt(), row.notificationUrl(), row.notificationError()));
        }

        private static Instant instant(long epochMs) {
            return Instant.ofEpochMilli(epochMs);
        }

        private static JsonNode details(String json) {
            if (json == null) {
                return null;
            }
            try {
                return Json.tree(json);
            } catch (RuntimeException e) {
                return Json.MAPPER.getNodeFactory().stringNode(json);
            }
        }
    }

    /** The last webhook notification of the alert that failed every attempt. */
    public record NotificationFailureView(Instant failedAt, String url, String error) {
    }
}
