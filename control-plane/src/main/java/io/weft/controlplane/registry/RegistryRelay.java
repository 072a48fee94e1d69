package io.weft.controlplane.registry;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.kafka.DurableProducer;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Moves outbox rows to the registry topic in id order and deletes them once Kafka has them ({@code acks=all}).
 * One drain at a time, and no row is sent again while an earlier send of it may still land, so a newer value of a
 * key is never overtaken by an older one. A background pass every second picks up what a failed drain left,
 * including rows left by a crash between commit and publish.
 */
@Component
public class RegistryRelay implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRelay.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weft-registry-relay");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Void> inFlight;
    private long inFlightUpTo;
    private boolean failing;

    public RegistryRelay(JdbcClient jdbc, WeftProperties properties) {
        this.jdbc = jdbc;
        this.producer = DurableProducer.create(properties.kafkaBootstrapServers(), "weft-control-plane",
                Map.of("linger.ms", "0", "max.block.ms", "5000"));
        this.topic = new WeftTopics(properties.topicPrefix()).registry();
        background.scheduleWithFixedDelay(() -> drain(Duration.ofSeconds(5)), 1, 1, TimeUnit.SECONDS);
    }

    /** Publishes pending rows, waiting up to {@code wait} for Kafka per batch; leaves the rest for later. */
    public synchronized void drain(Duration wait) {
        try {
            if (inFlight != null && !settle(wait)) {
                return;
            }
            while (true) {
                List<Row> rows = jdbc.sql("SELECT id, record_key, record_value FROM registry_outbox ORDER BY id LIMIT "
                                + BATCH)
                        .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3))).list();
                if (rows.isEmpty()) {
                    return;
                }
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (Row row : rows) {
                    CompletableFuture<Void> sent = new CompletableFuture<>();
                    producer.send(new ProducerRecord<>(topic, row.key(), row.value()), (metadata, error) -> {
                        if (error == null) {
                            sent.complete(null);
                        } else {
                            sent.completeExceptionally(error);
                        }
                    });
                    sends.add(sent);
                }
                inFlight = CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
                inFlightUpTo = rows.get(rows.size() - 1).id();
                if (!settle(wait)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            reportFailure(e);
        }
    }

    /** Waits for the batch in flight; deletes its rows once Kafka has them. False while it may still land. */
    private boolean settle(Duration wait) {
        try {
            inFlight.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reportFailure(e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            // The batch failed for good: it is sent again, in order, on the next pass.
            inFlight = null;
            reportFailure(e);
            return false;
        }
        jdbc.sql("DELETE FROM registry_outbox WHERE id <= ?").param(inFlightUpTo).update();
        inFlight = null;
        if (failing) {
            LOG.info("registry relay: Kafka takes changes again");
            failing = false;
        }
        return true;
    }

    private void reportFailure(Exception e) {
        if (!failing) {
            LOG.warn("registry relay: changes wait in the outbox until Kafka takes them ({})", e.toString());
            failing = true;
        }
    }

    @Override
    public void destroy() {
        background.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }

    private record Row(long id, String key, byte[] value) {
    }
}
