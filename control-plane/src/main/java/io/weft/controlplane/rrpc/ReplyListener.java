package io.weft.controlplane.rrpc;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.envelope.Reply;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows every partition of {@code weft.replies} from the end, from startup on (so it is positioned before any
 * request is sent), and hands each reply to {@link PendingRrpcs}. Each control-plane replica reads every reply
 * and completes the requests it is waiting on.
 */
@Component
public class ReplyListener implements DisposableBean {
    private final TopicFollower<Reply> follower;

    public ReplyListener(WeftProperties properties, PendingRrpcs pending) {
        this.follower = new TopicFollower<>(properties.kafkaBootstrapServers(),
                new WeftTopics(properties.topicPrefix()).replies(), "weft-control-plane-replies",
                JsonSerde.deserializer(Reply.class), TopicFollower.Start.END, record -> {
                    if (record.value() != null) {
                        pending.accept(record.value());
                    }
                }).start();
    }

    /** True once replies written from now on will be seen; waits up to {@code timeout} for that. */
    boolean awaitReady(Duration timeout) {
        try {
            return follower.awaitReady(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        follower.close();
    }
}
