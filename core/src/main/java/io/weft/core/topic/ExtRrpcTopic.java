package io.weft.core.topic;

import java.util.Optional;

/**
 * A custom-topic RRPC topic, Alibaba's {@code /ext/rrpc/${messageId}${topic}} where {@code topic} is a whole topic
 * starting with {@code /} (so {@code /ext/rrpc/42/a1pk/dev1/user/get}). The platform sends the request on it, the
 * device answers on the same topic, and subscribes to {@code /ext/rrpc/+${topic}}.
 */
public record ExtRrpcTopic(String messageId, String topic) {
    public static final String PREFIX = "/ext/rrpc/";

    /** Parses a topic name or filter; empty unless it is {@code /ext/rrpc/{level}/{at least one level}}. */
    public static Optional<ExtRrpcTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || slash == topic.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new ExtRrpcTopic(topic.substring(PREFIX.length(), slash), topic.substring(slash)));
    }

    public String format() {
        return PREFIX + messageId + topic;
    }
}
