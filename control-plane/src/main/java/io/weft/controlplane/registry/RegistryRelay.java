package io.weft.controlplane.registry;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.kafka.DurableProducer;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * One thread that moves outbox rows to the registry topic in id order and deletes each batch once Kafka has it
 * ({@code acks=all}). It runs when kicked after a commit and every second otherwise, so it also publishes rows a
 * failed attempt or a crash left behind. No row is sent again while an earlier send of it may still land, so a
 * newer value of a key is never overtaken by an older one.
 */
@Component
public class RegistryRelay implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRelay.class);
    private static final int BATCH = 500;
    private static final Duration SEND_WAIT = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Thread thread;
    private final Object wakeup = new Object();
    private final Object published = new Object();
    private volatile boolean running = true;
    private boolean kicked;
    private long publishedUpTo;
    private CompletableFuture<Void> inFlight;
    private List<Long> inFlightIds = List.of();
    private boolean failing;

    public RegistryRelay(JdbcClient jdbc, WeftProperties properties) {
        this.jdbc = jdbc;
        this.producer = DurableProducer.create(properties.kafkaBootstrapServers(), "weft-control-plane",
                Map.of("linger.ms", "0", "max.block.ms", "5000"));
        this.topic = new WeftTopics(properties.topicPrefix()).registry();
        this.thread = new Thread(this::run, "weft-registry-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Asks the relay to publish now. */
    public void kick() {
        synchronized (wakeup) {
            kicked = true;
            wakeup.notifyAll();
        }
    }

    /** Waits until the row with this id (or a later one) has been published; false on timeout. */
    public boolean awaitPublished(long id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (published) {
            while (publishedUpTo < id) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(published, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void run() {
        while (running) {
            try {
                drain();
            } catch (RuntimeException e) {
                reportFailure(e);
            }
            synchronized (wakeup) {
                if (!kicked && running) {
                    try {
                        wakeup.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                kicked = false;
            }
        }
    }

    private void drain() {
        if (inFlight != null && !settle()) {
            return;
        }
        while (running) {
            List<Row> rows = jdbc.sql("SELECT id, record_key, record_value FROM registry_outbox ORDER BY id LIMIT "
                            + BATCH)
                    .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3))).list();
            if (rows.isEmpty()) {
                return;
            }
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
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
                ids.add(row.id());
            }
            inFlight = CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
            inFlightIds = ids;
            if (!settle()) {
                return;
            }
        }
    }

    /** Waits for the batch in flight; deletes exactly its rows once Kafka has them. False while it may still land. */
    private boolean settle() {
        try {
            inFlight.get(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reportFailure(e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            // The batch failed for good: its rows stay and are sent again, in order, on the next pass.
            inFlight = null;
            reportFailure(e);
            return false;
        }
        long[] ids = inFlightIds.stream().mapToLong(Long::longValue).toArray();
        jdbc.sql("DELETE FROM registry_outbox WHERE id = ANY(?)").param(ids).update();
        inFlight = null;
        synchronized (published) {
            publishedUpTo = Math.max(publishedUpTo, ids[ids.length - 1]);
            published.notifyAll();
        }
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
    public void destroy() throws InterruptedException {
        running = false;
        kick();
        thread.join(10_000);
        producer.close(Duration.ofSeconds(5));
    }

    private record Row(long id, String key, byte[] value) {
    }
}
