package io.weft.controlplane.rule.supervision;

import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the Kafka topics a group's {@code kafka} destinations (and error destinations) write to, with the
 * broker's default partitions and replication, before its job runs: a broker that does not create topics on first
 * write (standalone's does not) would otherwise fail the job. Topics that exist are left as they are.
 */
final class DestinationTopics {
    private final String bootstrapServers;

    DestinationTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void ensure(List<DeployedRule> rules) {
        Set<String> topics = new LinkedHashSet<>();
        for (DeployedRule rule : rules) {
            rule.destinations().forEach(d -> add(d, topics));
            add(rule.errorDestination(), topics);
        }
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create Kafka topic " + topic + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not create topics in 30 s", e);
        }
    }

    private static void add(Destination destination, Set<String> topics) {
        if (destination instanceof Destination.KafkaTopic kafka) {
            topics.add(kafka.topic());
        }
    }
}
