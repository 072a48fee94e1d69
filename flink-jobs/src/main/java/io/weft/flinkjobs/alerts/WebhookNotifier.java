package io.weft.flinkjobs.alerts;

import io.weft.core.alert.Alert;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs an alert change as JSON (the {@link Alert} record) to every webhook of the {@link WebhookPolicy}, with
 * headers {@code X-Weft-Alert-Id} and {@code X-Weft-Alert-Revision}; a receiver that keeps the highest revision per
 * id is idempotent. A 2xx answer is delivery; anything else (another status, no answer within the timeout, a refused
 * connection) is retried with exponential backoff, and after the last attempt becomes a {@link NotificationFailure}
 * (emitted downstream, to the dead-letter topic), never a silent drop.
 *
 * <p>Guarantee: at least once. The calls run in Flink's async I/O operator, which checkpoints the alerts still in
 * flight and calls again for them after a failure; a webhook may thus see one change twice (same id and revision).
 * The operator's own timeout is set above the worst case of all attempts ({@link WebhookPolicy#worstCaseMs}); should
 * it fire anyway, the notification is a dead letter as well.
 */
final class WebhookNotifier extends RichAsyncFunction<Alert, NotificationFailure> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final WebhookPolicy policy;
    private transient HttpClient http;

    WebhookNotifier(WebhookPolicy policy) {
        this.policy = policy;
    }

    /** Which changes are notified: openings, the end of flapping while raised and, unless turned off, clears. */
    static boolean notifies(Alert alert, WebhookPolicy policy) {
        switch (alert.change()) {
            case OPENED:
            case STABLE:
                return true;
            case CLEARED:
                return policy.notifyClears();
            default:
                return false;
        }
    }

    @Override
    public void open(OpenContext openContext) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(policy.timeoutMs())).build();
    }

    @Override
    public void asyncInvoke(Alert alert, ResultFuture<NotificationFailure> result) {
        byte[] body = Json.write(alert);
        List<CompletableFuture<NotificationFailure>> calls = new ArrayList<>();
        for (String url : policy.urls()) {
            calls.add(call(alert, url, body, 1));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            List<NotificationFailure> failures = new ArrayList<>();
            for (CompletableFuture<NotificationFailure> call : calls) {
                NotificationFailure failure = call.join();
                if (failure != null) {
                    failures.add(failure);
                }
            }
            result.complete(failures);
        });
    }

    @Override
    public void timeout(Alert alert, ResultFuture<NotificationFailure> result) {
        long now = System.currentTimeMillis();
        result.complete(policy.urls().stream()
                .map(url -> new NotificationFailure(alert, url, policy.maxAttempts(), "timed out", now)).toList());
    }

    /** One attempt and, if it fails, the rest; completes with null once delivered, or with the failure. */
    private CompletableFuture<NotificationFailure> call(Alert alert, String url, byte[] body, int attempt) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMillis(policy.timeoutMs()))
                    .header("Content-Type", "application/json")
                    .header("X-Weft-Alert-Id", alert.id())
                    .header("X-Weft-Alert-Revision", Long.toString(alert.revision()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new NotificationFailure(alert, url, attempt,
                    "invalid URL: " + e.getMessage(), System.currentTimeMillis()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        return null;
                    }
                    return error != null ? error.toString() : "HTTP " + response.statusCode();
                })
                .thenCompose(error -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    if (attempt >= policy.maxAttempts()) {
                        LOG.warn("alert {} rev {} not delivered to {} after {} attempts: {}", alert.id(),
                                alert.revision(), url, attempt, error);
                        return CompletableFuture.completedFuture(new NotificationFailure(alert, url, attempt, error,
                                System.currentTimeMillis()));
                    }
                    Executor later = CompletableFuture.delayedExecutor(policy.backoffMs(attempt),
                            TimeUnit.MILLISECONDS);
                    return CompletableFuture.supplyAsync(() -> null, later)
                            .thenCompose(ignored -> call(alert, url, body, attempt + 1));
                });
    }
}
