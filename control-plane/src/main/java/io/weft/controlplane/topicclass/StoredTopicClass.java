package io.weft.controlplane.topicclass;

import io.weft.core.topic.TopicClass;
import java.time.Instant;

/** A product's custom topic class as stored, with its id (Alibaba's {@code TopicId}). */
public record StoredTopicClass(long id, String productKey, TopicClass topicClass, Instant createdAt) {
}
