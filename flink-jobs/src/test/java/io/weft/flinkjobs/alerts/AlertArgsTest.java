package io.weft.flinkjobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.rule.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert job's arguments: documented defaults, and what toArgs writes parse reads back unchanged. */
class AlertArgsTest {

    @Test
    void parse_withOnlyKafka_thenTheDocumentedDefaults() {
        AlertArgs args = AlertArgs.parse(new String[] {"--bootstrap-servers", "k:9092"});

        assertThat(args.topicPrefix()).isEqualTo("weft.");
        assertThat(args.groupId()).isEqualTo("weft-alerts");
        assertThat(args.checkpointIntervalMs()).isEqualTo(2000);
        assertThat(args.offline()).isEqualTo(new OfflinePolicy(300_000, Map.of(), Severity.MAJOR));
        assertThat(args.flap()).isEqualTo(new FlapPolicy(3, 600_000));
        assertThat(args.webhooks()).isEqualTo(new WebhookPolicy(List.of(), 5, 500, 5000, true));
    }

    @Test
    void toArgs_parse_roundTrip() {
        AlertArgs args = AlertArgs.parse(new String[] {"--bootstrap-servers", "k:9092", "--topic-prefix", "t.",
                "--offline-after-ms", "2000", "--offline-after-ms-by-product", "pkA=60000,pkB=900000",
                "--offline-severity", "critical", "--flap-threshold", "2", "--flap-window-ms", "4000",
                "--webhooks", "http://a/hook, http://b/hook", "--webhook-attempts", "3", "--notify-clears", "false"});

        assertThat(args.offline().afterMs("pkA")).isEqualTo(60_000);
        assertThat(args.offline().afterMs("other")).isEqualTo(2000);
        assertThat(args.webhooks().urls()).containsExactly("http://a/hook", "http://b/hook");
        assertThat(AlertArgs.parse(args.toArgs().toArray(String[]::new))).isEqualTo(args);
    }

    @Test
    void parse_withoutKafka_orABadProductDelay_fails() {
        assertThatThrownBy(() -> AlertArgs.parse(new String[] {"--topic-prefix", "t."}))
                .hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> AlertArgs.parse(new String[] {"--bootstrap-servers", "k:9092",
                "--offline-after-ms-by-product", "pkA"})).hasMessageContaining("productKey=ms");
    }

    @Test
    void backoff_doublesFromTheInitialPause_andTheWorstCaseCoversEveryAttempt() {
        WebhookPolicy policy = new WebhookPolicy(List.of("http://a"), 3, 100, 1000, true);

        assertThat(policy.backoffMs(1)).isEqualTo(100);
        assertThat(policy.backoffMs(2)).isEqualTo(200);
        assertThat(policy.worstCaseMs()).isEqualTo(3 * 1000 + 100 + 200);
    }
}
