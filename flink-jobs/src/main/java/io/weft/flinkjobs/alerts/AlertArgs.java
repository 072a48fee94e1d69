package io.weft.flinkjobs.alerts;

import io.weft.core.rule.Severity;
import io.weft.flinkjobs.job.JobArguments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The alert job's program arguments, as {@code --name value} pairs:
 * <ul>
 *   <li>{@code --bootstrap-servers host:port} (required), {@code --topic-prefix weft.},
 *       {@code --checkpoint-interval-ms 2000}, {@code --group-id weft-alerts}</li>
 *   <li>{@code --offline-after-ms 300000}: a device offline this long raises {@code device-offline};
 *       {@code --offline-after-ms-by-product pkA=60000,pkB=900000} overrides it per product;
 *       {@code --offline-severity major}</li>
 *   <li>{@code --flap-threshold 3}, {@code --flap-window-ms 600000}: see {@link FlapPolicy}</li>
 *   <li>{@code --webhooks url1,url2} (none by default), {@code --webhook-attempts 5},
 *       {@code --webhook-backoff-ms 500}, {@code --webhook-timeout-ms 5000}, {@code --notify-clears true}:
 *       see {@link WebhookPolicy}</li>
 * </ul>
 */
public record AlertArgs(String bootstrapServers, String topicPrefix, long checkpointIntervalMs, String groupId,
                        OfflinePolicy offline, FlapPolicy flap, WebhookPolicy webhooks) {

    public static final long DEFAULT_OFFLINE_AFTER_MS = 5 * 60_000L;

    /** The program arguments that {@link #parse} reads back into this. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", bootstrapServers,
                "--topic-prefix", topicPrefix,
                "--checkpoint-interval-ms", Long.toString(checkpointIntervalMs),
                "--group-id", groupId,
                "--offline-after-ms", Long.toString(offline.afterMs()),
                "--offline-severity", offline.severity().name().toLowerCase(Locale.ROOT),
                "--flap-threshold", Integer.toString(flap.threshold()),
                "--flap-window-ms", Long.toString(flap.windowMs()),
                "--webhook-attempts", Integer.toString(webhooks.maxAttempts()),
                "--webhook-backoff-ms", Long.toString(webhooks.initialBackoffMs()),
                "--webhook-timeout-ms", Long.toString(webhooks.timeoutMs()),
                "--notify-clears", Boolean.toString(webhooks.notifyClears())));
        if (!offline.afterMsByProduct().isEmpty()) {
            args.addAll(List.of("--offline-after-ms-by-product", offline.afterMsByProduct().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))));
        }
        if (!webhooks.urls().isEmpty()) {
            args.addAll(List.of("--webhooks", String.join(",", webhooks.urls())));
        }
        return args;
    }

    public static AlertArgs parse(String[] args) {
        JobArguments values = JobArguments.parse(args);
        OfflinePolicy offline = new OfflinePolicy(values.number("offline-after-ms", DEFAULT_OFFLINE_AFTER_MS),
                perProduct(values.text("offline-after-ms-by-product", "")),
                Severity.valueOf(values.text("offline-severity", "major").toUpperCase(Locale.ROOT)));
        FlapPolicy flap = new FlapPolicy(values.integer("flap-threshold", 3), values.number("flap-window-ms", 600000));
        WebhookPolicy webhooks = new WebhookPolicy(list(values.text("webhooks", "")),
                values.integer("webhook-attempts", 5), values.number("webhook-backoff-ms", 500),
                values.number("webhook-timeout-ms", 5000), values.flag("notify-clears", true));
        return new AlertArgs(values.required("bootstrap-servers", ""), values.text("topic-prefix", "weft."),
                values.number("checkpoint-interval-ms", 2000), values.text("group-id", "weft-alerts"), offline, flap,
                webhooks);
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, Long> perProduct(String csv) {
        Map<String, Long> byProduct = new LinkedHashMap<>();
        for (String entry : list(csv)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected productKey=ms, got " + entry);
            }
            byProduct.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
        }
        return byProduct;
    }
}
