package io.weft.controlplane.rrpc;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.downlink.DownlinkSender;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.MessageIds;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.ExtRrpcTopic;
import io.weft.core.topic.TopicKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * One RRPC round trip through Kafka, without holding a thread while it waits: sends
 * {@code /sys/{pk}/{dn}/rrpc/request/{messageId}} (or, for a custom topic {@code T},
 * {@code /ext/rrpc/{messageId}T}) as a QoS 0 downlink whose deadline is the caller's timeout, and completes with the
 * device's response from {@code weft.replies} ({@code /rrpc/response/{messageId}}, or {@code /ext/rrpc/{messageId}T}).
 * Without a response by the deadline it fails with TIMEOUT if an edge reported the device online, OFFLINE if none
 * did.
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

    /**
     * The device's response; fails with an {@link ApiException} carrying the RRPC code. {@code customTopic} is null
     * for Alibaba's system RRPC topics.
     */
    public CompletableFuture<RrpcResult> call(DeviceIdentity device, String customTopic, byte[] payload,
                                              int timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        if (!replies.awaitReady(REPLIES_READY_WAIT)) {
            throw unavailable("the reply topic cannot be read", null);
        }
        long id = messageIds.next();
        String messageId = Long.toString(id);
        String topic = customTopic == null
                ? DeviceTopic.of(TopicKind.RRPC_REQUEST, device.productKey(), device.deviceName(), messageId).format()
                : new ExtRrpcTopic(messageId, customTopic).format();
        PendingRrpcs.Pending waiting = pending.open(messageId, device);
        CompletableFuture<RrpcResult> result = new CompletableFuture<>();
        result.whenComplete((answer, error) -> pending.close(messageId));
        CompletableFuture<Void> sent;
        try {
            sent = downlinks.send(new Downlink(id, device.productKey(), device.deviceName(), topic, payload, 0,
                    deadline));
        } catch (RuntimeException e) {
            result.completeExceptionally(unavailable("the request could not be sent: " + e.getMessage(), messageId));
            return result;
        }
        within(sent, deadline).whenComplete((ignored, sendError) -> {
            if (sendError != null) {
                result.completeExceptionally(cause(sendError) instanceof TimeoutException
                        ? unavailable("Kafka did not take the request before its deadline", messageId)
                        : unavailable("the request could not be sent: " + cause(sendError).getMessage(), messageId));
                return;
            }
            within(waiting.response(), deadline).whenComplete((response, error) -> {
                if (error == null) {
                    result.complete(new RrpcResult(messageId, response));
                } else if (cause(error) instanceof TimeoutException) {
                    result.completeExceptionally(waiting.online().isDone()
                            ? timeout(messageId, timeoutMs) : offline(messageId, device));
                } else {
                    result.completeExceptionally(unavailable(cause(error).toString(), messageId));
                }
            });
        });
        return result;
    }

    /** A copy of the future that fails with a {@link TimeoutException} at the deadline. */
    private static <T> CompletableFuture<T> within(CompletableFuture<T> future, long deadline) {
        return future.copy().orTimeout(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static ApiException timeout(String messageId, int timeoutMs) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "RRPC timeout",
                "the device is online but did not answer within " + timeoutMs + " ms")
                .with("rrpcCode", RrpcCode.TIMEOUT).with("messageId", messageId);
    }

    /** OFFLINE: no edge took the request ({@code messageId} set), or the stored presence says so (null: not sent). */
    static ApiException offline(String messageId, DeviceIdentity device) {
        ApiException e = new ApiException(HttpStatus.CONFLICT, "Device offline", messageId == null
                ? device + " is offline (its last presence event), so the request was not sent"
                : "no edge holds a session for " + device + ", so nothing delivered the request")
                .with("rrpcCode", RrpcCode.OFFLINE);
        return messageId == null ? e : e.with("messageId", messageId);
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
