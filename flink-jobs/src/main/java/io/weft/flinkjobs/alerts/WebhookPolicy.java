package io.weft.flinkjobs.alerts;

import java.io.Serializable;
import java.util.List;

/**
 * Where and how alert notifications are POSTed: to every URL of {@code urls}, each call given {@code timeoutMs}; a
 * failed call (no answer in time, or a status other than 2xx) is retried after {@code initialBackoffMs}, doubling
 * each time, up to {@code maxAttempts} calls in all; then the notification is a dead letter. {@code notifyClears}
 * false notifies only openings (and the end of flapping while raised).
 */
public record WebhookPolicy(List<String> urls, int maxAttempts, long initialBackoffMs, long timeoutMs,
                            boolean notifyClears) implements Serializable {
    public WebhookPolicy {
        urls = urls == null ? List.of() : List.copyOf(urls);
        if (maxAttempts < 1 || initialBackoffMs < 0 || timeoutMs < 1) {
            throw new IllegalArgumentException("webhook attempts and timeout must be positive");
        }
    }

    /** The longest all attempts of one call can take: every call timing out, with every backoff between them. */
    public long worstCaseMs() {
        long total = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            total += timeoutMs + (attempt < maxAttempts ? backoffMs(attempt) : 0);
        }
        return total;
    }

    /** The pause after failed call number {@code attempt} (1-based). */
    public long backoffMs(int attempt) {
        return initialBackoffMs << Math.min(attempt - 1, 20);
    }
}
