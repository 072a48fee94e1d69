package io.weft.flinkjobs.rules.sink;

/** One Kafka record a rule job writes: a result, an alert signal or a downlink, already in its wire form. */
public record Outbound(String topic, String key, byte[] value) {
}
