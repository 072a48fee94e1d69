package io.weft.controlplane.scene;

import io.weft.controlplane.config.WeftProperties;
import io.weft.controlplane.downlink.DownlinkSender;
import io.weft.core.envelope.MessageIds;
import io.weft.core.json.Json;
import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.Destination;
import io.weft.core.rule.DeviceAction;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Does a schedule scene's actions once: each device action as the same Alink request downlink a rule sends
 * ({@link DeviceAction#downlink}) through {@link DownlinkSender}, each alert as an {@link AlertSignal} RAISE on
 * {@code weft.alert-signals} (source {@code scene:{id}}, about the product of the scene's first device action, details
 * {@code {"sceneId","firedAt"}}). A run ends once Kafka has every record ({@code acks=all}), or fails with the first
 * error. Webhooks are refused on schedule scenes when they are written.
 */
@Component
public class ScheduledActions implements DisposableBean {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private final DownlinkSender downlinks;
    private final MessageIds ids;
    private final DurableTopicWriter signals;

    public ScheduledActions(DownlinkSender downlinks, MessageIds ids, WeftProperties properties) {
        this.downlinks = downlinks;
        this.ids = ids;
        this.signals = new DurableTopicWriter(properties.kafkaBootstrapServers(),
                new WeftTopics(properties.topicPrefix()).alertSignals(), "weft-control-plane-scene-signals",
                Map.of("linger.ms", "0"));
    }

    /** Does the scene's actions for a run at {@code firedAt} (epoch ms). */
    void run(Scene scene, long firedAt) throws Exception {
        DeviceAction first = scene.actions().stream().filter(a -> a instanceof DeviceAction)
                .map(a -> (DeviceAction) a).findFirst().orElse(null);
        for (Destination action : scene.actions()) {
            CompletableFuture<?> sent;
            if (action instanceof DeviceAction device) {
                sent = downlinks.send(device.downlink(ids.next(), null));
            } else if (action instanceof Destination.Alert alert && first != null) {
                ObjectNode details = Json.object().put("sceneId", scene.id()).put("firedAt", firedAt);
                AlertSignal signal = new AlertSignal(alert.name(), alert.severity(), AlertSignal.Action.RAISE,
                        "scene:" + scene.id(), first.productKey(), null, Json.MAPPER.writeValueAsString(details),
                        firedAt);
                sent = signals.send(signal.key(), signal);
            } else {
                throw new IllegalStateException("a schedule scene cannot do " + action);
            }
            try {
                sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                throw new TimeoutException("Kafka did not take the action within " + SEND_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    @Override
    public void destroy() {
        signals.close(Duration.ofSeconds(5));
    }
}
