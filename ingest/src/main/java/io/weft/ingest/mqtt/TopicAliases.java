package io.weft.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import java.util.HashMap;
import java.util.Map;

/**
 * The topic aliases an MQTT 5 client set on one connection (they do not outlive it [MQTT-3.3.2-7]): a PUBLISH with a
 * Topic Alias and a topic name sets the alias; one with the alias and an empty topic name uses it. At most
 * {@code maximum} aliases, the Topic Alias Maximum the edge sent in CONNACK, so the map is bounded.
 */
final class TopicAliases {
    private final int maximum;
    private final Map<Integer, String> topics = new HashMap<>();

    TopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /**
     * The PUBLISH's topic name after aliases: its own name (recording it under its alias, if it has one), or the
     * name its alias stands for. Null if the alias is invalid: 0, above the maximum, or unknown with an empty name.
     */
    String resolve(MqttPublishVariableHeader header) {
        MqttProperties.MqttProperty<?> property =
                header.properties().getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value());
        String topic = header.topicName() == null ? "" : header.topicName();
        if (property == null) {
            return topic;
        }
        int alias = (Integer) property.value();
        if (alias < 1 || alias > maximum) {
            return null;
        }
        if (!topic.isEmpty()) {
            topics.put(alias, topic);
            return topic;
        }
        return topics.get(alias);
    }
}
