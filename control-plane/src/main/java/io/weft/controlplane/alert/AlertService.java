package io.weft.controlplane.alert;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.config.WeftProperties;
import io.weft.core.alert.Alert;
import io.weft.core.json.Json;
import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Operators' acknowledge and clear. The alert job is the one writer of alert state: this service sends it an
 * {@link AlertSignal} (source {@code operator:<name>}, details naming the alert's id, so it never touches a newer alert
 * of the same key) on {@code weft.alert-signals}, durably, then waits up to the request's wait (at most
 * {@link #MAX_WAIT}) for the job's resulting record to be stored here. The outcome says whether it was.
 */
@Service
public class AlertService implements DisposableBean {
    /** The longest a request may wait for the alert job's answer. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final AlertRepository alerts;
    private final AlertWaiters waiters;
    private final DurableTopicWriter signals;

    public AlertService(AlertRepository alerts, AlertWaiters waiters, WeftProperties properties) {
        this.alerts = alerts;
        this.waiters = waiters;
        this.signals = new DurableTopicWriter(properties.kafkaBootstrapServers(),
                new WeftTopics(properties.topicPrefix()).alertSignals(), "weft-control-plane-alert-signals",
                Map.of("linger.ms", "0"));
    }

    /** What a request did: the alert as stored now, and whether the requested change is in it yet. */
    public record Outcome(AlertRow alert, boolean applied) {
    }

    public AlertRow get(String id) {
        return alerts.find(id).orElseThrow(() -> ApiException.notFound("alert " + id));
    }

    public AlertRepository.Page list(AlertFilter filter) {
        return alerts.list(filter);
    }

    /** Acknowledges an open alert; an acknowledged one is answered as it is, a cleared one refused (409). */
    public Outcome acknowledge(String id, String operator, Duration wait) {
        AlertRow row = get(id);
        if (row.state() == Alert.State.CLEARED) {
            throw ApiException.conflict("alert " + id + " is cleared; only an open alert can be acknowledged");
        }
        if (row.state() == Alert.State.ACKNOWLEDGED) {
            return new Outcome(row, true);
        }
        return signal(row, AlertSignal.Action.ACKNOWLEDGE, operator, a -> a.state() != Alert.State.OPEN, wait);
    }

    /** Clears an open or acknowledged alert, even one whose key is flapping; a cleared one is refused (409). */
    public Outcome clear(String id, String operator, Duration wait) {
        AlertRow row = get(id);
        if (row.state() == Alert.State.CLEARED) {
            throw ApiException.conflict("alert " + id + " is already cleared");
        }
        return signal(row, AlertSignal.Action.CLEAR, operator, a -> a.state() == Alert.State.CLEARED, wait);
    }

    private Outcome signal(AlertRow row, AlertSignal.Action action, String operator, Predicate<Alert> done,
                           Duration wait) {
        Alert a = row.alert();
        CompletableFuture<Alert> visible = waiters.await(a.id(), done);
        AlertSignal signal = new AlertSignal(a.name(), a.severity(), action, "operator:" + operator,
                a.productKey(), a.deviceName(), Json.writeString(Map.of("alertId", a.id())),
                System.currentTimeMillis());
        try {
            signals.send(signal.key(), signal).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            visible.cancel(false);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable",
                    "the " + action.name().toLowerCase() + " could not be sent to the alert job: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            visible.cancel(false);
            throw new IllegalStateException(e);
        }
        try {
            visible.get(Math.min(wait.toMillis(), MAX_WAIT.toMillis()), TimeUnit.MILLISECONDS);
            return new Outcome(get(a.id()), true);
        } catch (TimeoutException e) {
            visible.cancel(false);
            return new Outcome(get(a.id()), false);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            visible.cancel(false);
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        signals.close(Duration.ofSeconds(5));
    }
}
