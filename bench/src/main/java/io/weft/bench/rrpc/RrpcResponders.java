package io.weft.bench.rrpc;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.weft.bench.mqtt.DeviceConnection;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes every connected bench device answer RRPC as Alibaba's SDKs do: subscribed to
 * {@code /sys/{pk}/{dn}/rrpc/request/+} at QoS 0, it echoes each request's payload on
 * {@code /rrpc/response/{messageId}} at QoS 0, from the client's callback.
 */
final class RrpcResponders {
    private RrpcResponders() {
    }

    static void subscribeAll(List<DeviceConnection> connections) throws Exception {
        CompletableFuture<?>[] subscribed = connections.stream().map(RrpcResponders::answer)
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(subscribed).get(60, TimeUnit.SECONDS);
    }

    private static CompletableFuture<?> answer(DeviceConnection c) {
        String pk = c.device().productKey();
        String dn = c.device().deviceName();
        return c.client().subscribeWith()
                .topicFilter("/sys/" + pk + "/" + dn + "/rrpc/request/+")
                .qos(MqttQos.AT_MOST_ONCE)
                .callback(request -> {
                    String topic = request.getTopic().toString();
                    String messageId = topic.substring(topic.lastIndexOf('/') + 1);
                    c.client().publishWith()
                            .topic(DeviceTopic.of(TopicKind.RRPC_RESPONSE, pk, dn, messageId).format())
                            .qos(MqttQos.AT_MOST_ONCE)
                            .payload(request.getPayloadAsBytes())
                            .send();
                })
                .send();
    }
}
