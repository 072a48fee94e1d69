package io.weft.core.topic;

/** What the devices of a product may do on the topics of a custom topic class (Alibaba's {@code Operation}). */
public enum TopicOperation {
    /** The device publishes. */
    PUB,
    /** The device subscribes. */
    SUB,
    /** Both. */
    ALL;

    public boolean publish() {
        return this != SUB;
    }

    public boolean subscribe() {
        return this != PUB;
    }
}
