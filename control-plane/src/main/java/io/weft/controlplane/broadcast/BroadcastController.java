package io.weft.controlplane.broadcast;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.downlink.DownlinkSender;
import io.weft.controlplane.product.ProductService;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.MessageIds;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alibaba's broadcast: one message to every online device of a product subscribed to
 * {@code /broadcast/{pk}/{suffix}}. The control plane writes a single product-wide downlink to {@code weft.down}
 * (key {@code pk/}, no device name) and answers 202 once Kafka has it; each edge then delivers it to its sessions
 * of the product. Devices offline at that moment do not get it later (there is no retained broadcast).
 */
@RestController
public class BroadcastController {
    private static final long SEND_TIMEOUT_MS = 10_000;

    private final ProductService products;
    private final DownlinkSender downlinks;
    private final MessageIds messageIds;

    public BroadcastController(ProductService products, DownlinkSender downlinks, MessageIds messageIds) {
        this.products = products;
        this.downlinks = downlinks;
        this.messageIds = messageIds;
    }

    @PostMapping("/api/v1/products/{productKey}/broadcast")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public BroadcastAccepted broadcast(@PathVariable String productKey, @RequestBody BroadcastRequest request) {
        BroadcastRequest.Valid valid = request.validated();
        products.get(productKey);
        long id = messageIds.next();
        String topic = DeviceTopic.of(TopicKind.BROADCAST, productKey, null, valid.suffix()).format();
        try {
            downlinks.send(Downlink.broadcast(id, productKey, topic, valid.payload(), valid.qos()))
                    .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable("the broadcast could not be sent: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not take the broadcast within " + SEND_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        return new BroadcastAccepted(Long.toString(id), topic);
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Downlink unavailable", detail);
    }

    /** The broadcast's message id and the full topic devices receive it on. */
    public record BroadcastAccepted(String messageId, String topic) {
    }
}
