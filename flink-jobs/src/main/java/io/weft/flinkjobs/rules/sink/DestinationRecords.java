package io.weft.flinkjobs.rules.sink;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.MessageIds;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.Destination;
import io.weft.core.rule.DeviceAction;
import io.weft.flinkjobs.rules.RuleResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One rule's results as the Kafka records its destinations take, one per result and destination:
 * <ul>
 *   <li>{@link Destination.KafkaTopic}: the result JSON on the topic, keyed {@code pk/dn} (the rule's id when the
 *       result names no device), so one device's results stay in order;</li>
 *   <li>{@link Destination.Alert}: an {@link AlertSignal} RAISE on {@code weft.alert-signals}, keyed by
 *       {@link AlertSignal#key()}, from {@code rule:<id>}, with the result JSON as its details;</li>
 *   <li>{@link Destination.DeviceTopic}: a {@link Downlink} on {@code weft.down} to the destination's device and
 *       topic, keyed {@code pk/dn}, with the result JSON as its payload;</li>
 *   <li>{@link DeviceAction} ({@code setProperty}, {@code invokeService}): a {@link Downlink} on {@code weft.down}
 *       carrying the Alink request ({@link DeviceAction#downlink}), its {@code ${column}} params taken from the
 *       result.</li>
 * </ul>
 * A device action whose params refer to a column the result lacks (or that is null) cannot be sent; never a silent
 * drop: an error record ({@link #actionError}) goes to the rule's error destination as if it were a result, and with
 * no error destination (or a webhook, which this function does not call) it is counted in {@code deviceActionErrors}
 * and logged. Webhooks are called by {@link WebhookCall}; store destinations are written by {@link ResultStoreSink}.
 */
public final class DestinationRecords extends RichFlatMapFunction<RuleResult, Outbound> {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationRecords.class);
    /** Message ids of downlinks come from node ids counted down from the top, away from the edges' node ids. */
    private static final int TOP_NODE = 1023;

    // Core's records are not Serializable: the function carries their JSON and reads it back in open().
    private final List<String> destinationsJson;
    private final String errorDestinationJson;
    private final String topicPrefix;
    private transient List<Destination> destinations;
    private transient Destination errorDestination;
    private transient WeftTopics topics;
    private transient MessageIds ids;
    private transient Counter actionErrors;

    public DestinationRecords(List<Destination> destinations, WeftTopics topics) {
        this(destinations, null, topics);
    }

    /**
     * @param errorDestination where a result goes that a device action cannot send (null: counted and logged)
     */
    public DestinationRecords(List<Destination> destinations, Destination errorDestination, WeftTopics topics) {
        for (Destination d : destinations) {
            if (!supports(d)) {
                throw new IllegalArgumentException(d.getClass().getSimpleName()
                        + " destinations are not written by this function: " + d);
            }
        }
        this.destinationsJson = destinations.stream().map(Json::writeString).toList();
        this.errorDestinationJson = errorDestination == null ? null : Json.writeString(errorDestination);
        this.topicPrefix = topics.prefix();
    }

    /** Whether this runtime writes a destination: Kafka topics, alerts, device topics and device actions. */
    public static boolean supports(Destination destination) {
        return destination instanceof Destination.KafkaTopic || destination instanceof Destination.Alert
                || destination instanceof Destination.DeviceTopic || destination instanceof DeviceAction;
    }

    @Override
    public void open(OpenContext context) {
        destinations = destinationsJson.stream().map(d -> Json.read(d, Destination.class)).toList();
        errorDestination = errorDestinationJson == null ? null : Json.read(errorDestinationJson, Destination.class);
        topics = new WeftTopics(topicPrefix);
        ids = new MessageIds(TOP_NODE - getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() % 512);
        actionErrors = getRuntimeContext().getMetricGroup().counter("deviceActionErrors");
    }

    @Override
    public void flatMap(RuleResult result, Collector<Outbound> out) {
        for (Destination destination : destinations) {
            try {
                write(destination, result, out);
            } catch (DeviceAction.MissingColumn e) {
                actionFailed(result, (DeviceAction) destination, e, out);
            }
        }
    }

    private void write(Destination destination, RuleResult result, Collector<Outbound> out) {
        if (destination instanceof Destination.KafkaTopic kafka) {
            String key = result.deviceName() == null ? result.ruleId()
                    : result.productKey() + "/" + result.deviceName();
            out.collect(new Outbound(kafka.topic(), key, result.json().getBytes(StandardCharsets.UTF_8)));
        } else if (destination instanceof Destination.Alert alert) {
            AlertSignal signal = new AlertSignal(alert.name(), alert.severity(), AlertSignal.Action.RAISE,
                    "rule:" + result.ruleId(), result.productKey(), result.deviceName(), result.json(),
                    result.eventTime());
            out.collect(new Outbound(topics.alertSignals(), signal.key(), Json.write(signal)));
        } else if (destination instanceof Destination.DeviceTopic device) {
            Downlink downlink = new Downlink(ids.next(), device.productKey(), device.deviceName(), device.topic(),
                    result.json().getBytes(StandardCharsets.UTF_8), device.qos(), 0L);
            out.collect(new Outbound(topics.down(), downlink.key(), Json.write(downlink)));
        } else if (destination instanceof DeviceAction action) {
            Downlink downlink = action.downlink(ids.next(), Json.tree(result.json()));
            out.collect(new Outbound(topics.down(), downlink.key(), Json.write(downlink)));
        } else {
            throw new IllegalStateException("not written by DestinationRecords: " + destination);
        }
    }

    private void actionFailed(RuleResult result, DeviceAction action, DeviceAction.MissingColumn e,
                              Collector<Outbound> out) {
        RuleResult error = actionError(result, action, e);
        if (errorDestination != null && supports(errorDestination)) {
            try {
                write(errorDestination, error, out);
                return;
            } catch (DeviceAction.MissingColumn again) {
                // falls through to counting: the error destination itself refers to a column the error lacks
            }
        }
        actionErrors.inc();
        LOG.warn("rule {}: {} destination not sent to {}/{}: {}; result {}", result.ruleId(),
                action instanceof Destination.SetProperty ? "setProperty" : "invokeService", action.productKey(),
                action.deviceName(), e.getMessage(), result.json());
    }

    /**
     * The error for a device action that could not be sent, as a result for the error destination:
     * {@code {"ruleId","destination":"setProperty"|"invokeService","productKey","deviceName","error","result":{...}}}
     * ({@code productKey}/{@code deviceName}: the action's target), with the result's own device and event time.
     */
    static RuleResult actionError(RuleResult result, DeviceAction action, DeviceAction.MissingColumn e) {
        ObjectNode error = Json.object();
        error.put("ruleId", result.ruleId());
        error.put("destination", action instanceof Destination.SetProperty ? "setProperty" : "invokeService");
        error.put("productKey", action.productKey());
        error.put("deviceName", action.deviceName());
        error.put("error", e.getMessage());
        JsonNode original = Json.tree(result.json());
        error.set("result", original);
        return new RuleResult(result.ruleId(), result.productKey(), result.deviceName(), result.eventTime(),
                Json.MAPPER.writeValueAsString(error));
    }
}
