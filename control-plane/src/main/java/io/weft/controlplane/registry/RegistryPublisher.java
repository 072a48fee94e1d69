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
 * does. The {@link RegistryRelay} publishes it right after the commit; an API call then waits for that with
 * {@link #awaitPublished()}, outside its transaction, so that in normal operation the change is in Kafka before the
 * API answers. If Kafka is down, the call still succeeds and the relay publishes the change once Kafka is back.
 */
@Component
public class RegistryPublisher {
    static final Duration PUBLISH_WAIT = Duration.ofSeconds(5);
    private final JdbcClient jdbc;
    private final RegistryRelay relay;
    private final ThreadLocal<Long> lastEnqueued = new ThreadLocal<>();

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

    /**
     * Waits (up to 5 s) until what this thread enqueued has been published; call it after the transaction, never
     * inside one. Returns false if Kafka did not take it in time (it is published later).
     */
    public boolean awaitPublished() {
        Long id = lastEnqueued.get();
        lastEnqueued.remove();
        return id == null || relay.awaitPublished(id, PUBLISH_WAIT);
    }

    private void enqueue(String key, byte[] value) {
        long id = jdbc.sql("INSERT INTO registry_outbox (record_key, record_value) VALUES (?, ?) RETURNING id")
                .params(key, value).query(Long.class).single();
        lastEnqueued.set(id);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.kick();
                }
            });
        } else {
            relay.kick();
        }
    }
}
