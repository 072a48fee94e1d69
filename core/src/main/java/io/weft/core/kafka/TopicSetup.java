package io.weft.core.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates Weft's topics if they are missing: the registry, sessions and retained messages compacted, the rest deleted by time. */
public final class TopicSetup {
    private TopicSetup() {
    }

    public static void ensure(String bootstrapServers, WeftTopics topics, int partitions, short replication) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.all()) {
                if (existing.contains(name)) {
                    continue;
                }
                boolean registry = name.equals(topics.registry());
                NewTopic topic = new NewTopic(name, registry ? 1 : partitions, replication);
                topic.configs(topics.compacted().contains(name)
                        ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        : Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(7L * 24 * 3600 * 1000)));
                missing.add(topic);
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create Weft's topics on " + bootstrapServers, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
