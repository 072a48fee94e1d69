package io.weft.ingest.mqtt;

import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import io.weft.ingest.ntp.NtpExchange;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a device's NTP request at the edge, without a Kafka round trip, so the reply's timestamps are as close as
 * possible to the device's exchange: {@code serverRecvTime} is when the PUBLISH was read, {@code serverSendTime}
 * is taken right before the response is written. The response goes on {@code /ext/ntp/{pk}/{dn}/response} at QoS
 * 0, only if the device subscribed to it (Alibaba's SDK subscribes before it asks). A malformed request is ignored
 * with a log line and the connection stays open; the request never reaches {@code weft.up}.
 */
final class NtpResponder {
    private static final Logger LOG = LoggerFactory.getLogger(NtpResponder.class);

    private NtpResponder() {
    }

    /** Handles the request; true if a response was written. Runs on the session's event loop. */
    static boolean answer(MqttSession session, DeviceTopic request, byte[] payload, long receivedAt) {
        Optional<Long> deviceSendTime = NtpExchange.deviceSendTime(payload);
        if (deviceSendTime.isEmpty()) {
            LOG.info("{}: ignoring a malformed NTP request ({} bytes); expected {{\"deviceSendTime\":\"<ms>\"}}",
                    session.clientId(), payload.length);
            return false;
        }
        String responseTopic = DeviceTopic.of(TopicKind.NTP_RESPONSE, request.productKey(), request.deviceName())
                .format();
        return session.answer(responseTopic,
                () -> NtpExchange.response(deviceSendTime.get(), receivedAt, System.currentTimeMillis()));
    }
}
