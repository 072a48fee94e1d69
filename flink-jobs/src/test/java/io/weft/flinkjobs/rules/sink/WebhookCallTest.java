package io.weft.flinkjobs.rules.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import io.weft.core.rule.Destination;
import io.weft.flinkjobs.rules.RuleResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A webhook's backoff, its overall deadline, and the dead letter it writes when every call failed. */
class WebhookCallTest {

    @Test
    void backoff_doublesFromTheInitial_andIsCappedAtFiveMinutes() {
        assertThat(WebhookCall.backoffMs(200, 1)).isEqualTo(200);
        assertThat(WebhookCall.backoffMs(200, 2)).isEqualTo(400);
        assertThat(WebhookCall.backoffMs(200, 4)).isEqualTo(1600);
        assertThat(WebhookCall.backoffMs(200, 40)).isEqualTo(300_000);
    }

    @Test
    void totalTimeout_coversEveryCallAndBackoff() {
        Destination.Webhook hook = new Destination.Webhook("http://127.0.0.1:9/h", Map.of(), 3, 100);

        assertThat(WebhookCall.totalTimeoutMs(hook))
                .isEqualTo(3 * WebhookCall.CALL_TIMEOUT.toMillis() + 100 + 200 + 5_000);
    }

    @Test
    void deadLetter_carriesTheRuleTheErrorAndTheResult_keyedByDevice() {
        WebhookCall call = new WebhookCall(Destination.webhook("http://127.0.0.1:9/h"), "weft.rule-errors");
        RuleResult result = new RuleResult("hot", "pk", "dn", 5L, "{\"t\":39.0,\"ruleId\":\"hot\"}");

        Outbound letter = call.deadLetter(result, 5, "HTTP 500");

        assertThat(letter.topic()).isEqualTo("weft.rule-errors");
        assertThat(letter.key()).isEqualTo("pk/dn");
        assertThat(Json.tree(new String(letter.value(), StandardCharsets.UTF_8)).toString()).isEqualTo(
                "{\"ruleId\":\"hot\",\"destination\":\"webhook\",\"url\":\"http://127.0.0.1:9/h\",\"attempts\":5,"
                        + "\"error\":\"HTTP 500\",\"result\":{\"t\":39.0,\"ruleId\":\"hot\"}}");
    }
}
