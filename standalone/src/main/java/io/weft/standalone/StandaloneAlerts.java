package io.weft.standalone;

import io.weft.flinkjobs.alerts.AlertArgs;
import java.util.List;

/**
 * The alert job's settings in standalone Weft: a device offline for {@code offlineAfterMs} raises
 * {@code device-offline}; alert changes are POSTed to {@code webhooks} (none by default). Everything else takes the
 * alert job's defaults ({@link AlertArgs}).
 */
public record StandaloneAlerts(long offlineAfterMs, List<String> webhooks) {

    public StandaloneAlerts {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    public static StandaloneAlerts defaults() {
        return new StandaloneAlerts(AlertArgs.DEFAULT_OFFLINE_AFTER_MS, List.of());
    }

    /** The alert job's program arguments against this Kafka and topic prefix. */
    List<String> jobArgs(String bootstrapServers, String topicPrefix) {
        return AlertArgs.parse(new String[] {
                "--bootstrap-servers", bootstrapServers,
                "--topic-prefix", topicPrefix,
                "--group-id", "weft-alerts",
                "--offline-after-ms", Long.toString(offlineAfterMs),
                "--webhooks", String.join(",", webhooks)}).toArgs();
    }
}
