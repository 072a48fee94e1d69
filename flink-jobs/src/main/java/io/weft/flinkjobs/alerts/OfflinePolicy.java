package io.weft.flinkjobs.alerts;

import io.weft.core.rule.Severity;
import java.io.Serializable;
import java.util.Map;

/**
 * When a device counts as offline for too long: {@code afterMs} after its session ended, or the product's own
 * figure from {@code afterMsByProduct}; the {@code device-offline} alert it raises has {@code severity}.
 */
public record OfflinePolicy(long afterMs, Map<String, Long> afterMsByProduct, Severity severity)
        implements Serializable {

    /** The alert name of an offline device. */
    public static final String ALERT_NAME = "device-offline";
    /** The source of the signals the offline detector sends. */
    public static final String SOURCE = "offline";

    public OfflinePolicy {
        afterMsByProduct = afterMsByProduct == null ? Map.of() : Map.copyOf(afterMsByProduct);
        if (afterMs < 1 || afterMsByProduct.values().stream().anyMatch(ms -> ms < 1)) {
            throw new IllegalArgumentException("offline delays must be positive");
        }
    }

    public long afterMs(String productKey) {
        return afterMsByProduct.getOrDefault(productKey, afterMs);
    }
}
