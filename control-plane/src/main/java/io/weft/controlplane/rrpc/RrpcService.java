package io.weft.controlplane.rrpc;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.downlink.DownlinkSender;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.MessageIds;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * One RRPC round trip through Kafka: sends {@code /sys/{pk}/{dn}/rrpc/request/{messageId}} as a QoS 0 downlink
 * whose deadline is the caller's timeout, and waits for the device's {@code /rrpc/response/{messageId}} on
 * {@code weft.replies}. Without a response by the deadline the answer is TIMEOUT if an edge reported the device
 * online, OFFLINE if none did.
 */
@Service
public class RrpcService {
    private static final Duration REPLIES_READY_WAIT = Duration.ofSeconds(10);
    private final DownlinkSender downlinks;
    private final ReplyListener replies;
    private final PendingRrpcs pending;
    private final MessageIds messageIds;

    public RrpcService(DownlinkSender downlinks, ReplyListener replies, PendingRrpcs pending,
                       MessageIds messageIds) {
        this.downlinks = downlinks;
        this.replies = replies;
        this.pending = pending;
        this.messageIds = messageIds;
    }

    /** The device's response, or an {@link ApiException} carrying the RRPC code. */
    public RrpcResult call(DeviceIdentity device, byte[] payload, int timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        if (!replies.awaitReady(REPLIES_READY_WAIT)) {
            throw unavailable("the reply topic cannot be read", null);
        }
        long id = messageIds.next();
        String messageId = Long.toString(id);
        String topic = DeviceTopic.of(TopicKind.RRPC_REQUEST, device.productKey(), device.deviceName(), messageId)
                .format();
        PendingRrpcs.Pending waiting = pending.open(messageId, device);
        try {
            CompletableFuture<Void> sent = downlinks.send(new Downlink(id, device.productKey(), device.deviceName(),
                    topic, payload, 0, deadline));
            await(sent, deadline, messageId);
            byte[] response = waiting.response().get(Math.max(0, deadline - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
            return new RrpcResult(messageId, response);
        } catch (TimeoutException e) {
            throw waiting.online().isDone() ? timeout(messageId, timeoutMs) : offline(messageId, device);
        } catch (ExecutionException e) {
            throw unavailable("the request could not be sent: " + e.getCause().getMessage(), messageId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", messageId);
        } finally {
            pending.close(messageId);
        }
    }

    private static void await(CompletableFuture<Void> sent, long deadline, String messageId)
            throws ExecutionException, InterruptedException {
        try {
            sent.get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not take the request before its deadline", messageId);
        }
    }

    private static ApiException timeout(String messageId, int timeoutMs) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "RRPC timeout",
                "the device is online but did not answer within " + timeoutMs + " ms")
                .with("rrpcCode", RrpcCode.TIMEOUT).with("messageId", messageId);
    }

    private static ApiException offline(String messageId, DeviceIdentity device) {
        return new ApiException(HttpStatus.CONFLICT, "Device offline",
                "no edge holds a session for " + device + ", so nothing delivered the request")
                .with("rrpcCode", RrpcCode.OFFLINE).with("messageId", messageId);
    }

    private static ApiException unavailable(String detail, String messageId) {
        ApiException e = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Downlink unavailable", detail)
                .with("rrpcCode", RrpcCode.UNKNOWN);
        return messageId == null ? e : e.with("messageId", messageId);
    }

    /** A device's answer to one request. */
    public record RrpcResult(String messageId, byte[] payload) {
    }
}
