package io.weft.controlplane.registry;

import io.weft.core.json.Json;
import io.weft.core.registry.RegistryEntry;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records every configuration change for the registry topic, in the caller's database transaction (a
 * transactional outbox): a change that commits always reaches {@code weft.registry}, one that rolls back never
 * does. Right after the commit the {@link RegistryRelay} publishes it, so in normal operation the change is in
 * Kafka before the API answers; if Kafka is down, the relay publishes it, in order, once Kafka is back.
 */
@Component
public class RegistryPublisher {
    static final Duration PUBLISH_WAIT = Duration.ofSeconds(5);
    private final JdbcClient jdbc;
    private final RegistryRelay relay;

    public RegistryPublisher(JdbcClient jdbc, RegistryRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    public void publish(RegistryEntry entry) {
        enqueue(entry.key(), Json.write(entry));
    }

    public void delete(String key) {
        enqueue(key, null);
    }

    private void enqueue(String key, byte[] value) {
        jdbc.sql("INSERT INTO registry_outbox (record_key, record_value) VALUES (?, ?)").params(key, value).update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.drain(PUBLISH_WAIT);
                }
            });
        } else {
            relay.drain(PUBLISH_WAIT);
        }
    }
}
