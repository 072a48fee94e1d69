package io.weft.flinkjobs.rules.sink;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.MessageIds;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.Destination;
import io.weft.flinkjobs.rules.RuleResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * One rule's results as the Kafka records its destinations take, one per result and destination:
 * <ul>
 *   <li>{@link Destination.KafkaTopic}: the result JSON on the topic, keyed {@code pk/dn} (the rule's id when the
 *       result names no device), so one device's results stay in order;</li>
 *   <li>{@link Destination.Alert}: an {@link AlertSignal} RAISE on {@code weft.alert-signals}, keyed by
 *       {@link AlertSignal#key()}, from {@code rule:<id>}, with the result JSON as its details;</li>
 *   <li>{@link Destination.DeviceTopic}: a {@link Downlink} on {@code weft.down} to the destination's device and
 *       topic, keyed {@code pk/dn}, with the result JSON as its payload.</li>
 * </ul>
 * Webhooks are called by {@link WebhookCall}; store destinations are written by {@link ResultStoreSink}.
 */
public final class DestinationRecords extends RichFlatMapFunction<RuleResult, Outbound> {
    /** Message ids of downlinks come from node ids counted down from the top, away from the edges' node ids. */
    private static final int TOP_NODE = 1023;

    // Core's records are not Serializable: the function carries their JSON and reads it back in open().
    private final List<String> destinationsJson;
    private final String topicPrefix;
    private transient List<Destination> destinations;
    private transient WeftTopics topics;
    private transient MessageIds ids;

    public DestinationRecords(List<Destination> destinations, WeftTopics topics) {
        for (Destination d : destinations) {
            if (!supports(d)) {
                throw new IllegalArgumentException(d.getClass().getSimpleName()
                        + " destinations are not run by the rule runtime yet: " + d);
            }
        }
        this.destinationsJson = destinations.stream().map(Json::writeString).toList();
        this.topicPrefix = topics.prefix();
    }

    /** Whether this runtime writes a destination: Kafka topics, alerts and device topics. */
    public static boolean supports(Destination destination) {
        return destination instanceof Destination.KafkaTopic || destination instanceof Destination.Alert
                || destination instanceof Destination.DeviceTopic;
    }

    @Override
    public void open(OpenContext context) {
        destinations = destinationsJson.stream().map(d -> Json.read(d, Destination.class)).toList();
        topics = new WeftTopics(topicPrefix);
        ids = new MessageIds(TOP_NODE - getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() % 512);
    }

    @Override
    public void flatMap(RuleResult result, Collector<Outbound> out) {
        byte[] json = result.json().getBytes(StandardCharsets.UTF_8);
        for (Destination destination : destinations) {
            if (destination instanceof Destination.KafkaTopic kafka) {
                String key = result.deviceName() == null ? result.ruleId()
                        : result.productKey() + "/" + result.deviceName();
                out.collect(new Outbound(kafka.topic(), key, json));
            } else if (destination instanceof Destination.Alert alert) {
                AlertSignal signal = new AlertSignal(alert.name(), alert.severity(), AlertSignal.Action.RAISE,
                        "rule:" + result.ruleId(), result.productKey(), result.deviceName(), result.json(),
                        result.eventTime());
                out.collect(new Outbound(topics.alertSignals(), signal.key(), Json.write(signal)));
            } else if (destination instanceof Destination.DeviceTopic device) {
                Downlink downlink = new Downlink(ids.next(), device.productKey(), device.deviceName(), device.topic(),
                        json, device.qos(), 0L);
                out.collect(new Outbound(topics.down(), downlink.key(), Json.write(downlink)));
            }
        }
    }
}
