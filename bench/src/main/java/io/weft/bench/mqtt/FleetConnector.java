package io.weft.bench.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.weft.core.auth.DeviceSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects every device with its own HiveMQ MQTT 3.1.1 async client, Alibaba-signed (or, for a plain broker,
 * without credentials, clientId {@code pk.dn}, publishing on {@code bench/{pk}/{dn}/data}), keepalive 60, at most
 * {@code concurrency} CONNECTs outstanding at once. All clients share one executor configuration, and with it one
 * Netty event loop group, so a thousand clients cost a thousand sockets and no threads.
 */
public final class FleetConnector {
    private static final Logger log = LoggerFactory.getLogger(FleetConnector.class);
    private static final int KEEP_ALIVE_SECONDS = 60;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final int concurrency;
    private final MqttClientExecutorConfig executors;
    private final boolean signed;

    public FleetConnector(String host, int port, int concurrency, int nettyThreads, boolean signed) {
        this.host = host;
        this.port = port;
        this.concurrency = concurrency;
        this.executors = MqttClientExecutorConfig.builder().nettyThreads(nettyThreads).build();
        this.signed = signed;
    }

    /**
     * Waits until the broker accepts {@code device}'s CONNECT, retrying refusals every 100 ms for at most
     * {@code timeout}. Used after writing devices to {@code weft.registry}: the edge follows the topic in order, so
     * once it accepts the last device written it knows every earlier one.
     *
     * @throws IllegalStateException when it is still refused at the end
     */
    public void awaitAccepted(BenchDevice device, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        do {
            Connection connection = client(device);
            try {
                connect(connection).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                connection.client().disconnect().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (Exception e) {
                last = e;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        } while (System.nanoTime() - deadline < 0);
        throw new IllegalStateException(device.deviceName() + " still refused after " + timeout.toSeconds()
                + " s: " + FailureReason.of(last));
    }

    /** A client and the CONNECT it will send. */
    private record Connection(Mqtt3AsyncClient client, DeviceSigner.MqttCredentials credentials) {
    }

    private Connection client(BenchDevice device) {
        DeviceSigner.MqttCredentials credentials = signed ? device.credentials(System.currentTimeMillis()) : null;
        return new Connection(MqttClient.builder()
                .useMqttVersion3()
                .identifier(signed ? credentials.clientId() : device.productKey() + "." + device.deviceName())
                .serverHost(host)
                .serverPort(port)
                .transportConfig()
                .mqttConnectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .socketConnectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .executorConfig(executors)
                .buildAsync(), credentials);
    }

    private CompletableFuture<?> connect(Connection connection) {
        Mqtt3AsyncClient client = connection.client();
        DeviceSigner.MqttCredentials credentials = connection.credentials();
        if (credentials == null) {
            return client.connectWith().cleanSession(true).keepAlive(KEEP_ALIVE_SECONDS).send();
        }
        return client.connectWith()
                .cleanSession(true)
                .keepAlive(KEEP_ALIVE_SECONDS)
                .simpleAuth()
                .username(credentials.username())
                .password(credentials.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
    }

    /** The outcome of connecting a fleet; {@code failures} counts each reason, e.g. a CONNACK refusal. */
    public record Result(List<DeviceConnection> connected, int failed, Map<String, Integer> failures,
                         Duration took) {
    }

    public Result connect(List<BenchDevice> devices) throws InterruptedException {
        long start = System.nanoTime();
        Semaphore permits = new Semaphore(concurrency);
        List<DeviceConnection> connected = Collections.synchronizedList(new ArrayList<>(devices.size()));
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>(devices.size());
        for (BenchDevice device : devices) {
            permits.acquire();
            Connection connection = client(device);
            Mqtt3AsyncClient client = connection.client();
            pending.add(connect(connection)
                    .whenComplete((connAck, error) -> {
                        permits.release();
                        if (error == null) {
                            connected.add(new DeviceConnection(device, client,
                                    signed ? device.propertyPostTopic() : device.plainTopic()));
                        } else {
                            failed.incrementAndGet();
                            failures.merge(FailureReason.of(error), 1, Integer::sum);
                        }
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        Result result = new Result(List.copyOf(connected), failed.get(), new TreeMap<>(failures),
                Duration.ofNanos(System.nanoTime() - start));
        log.info("connected {} of {} devices in {} ms", result.connected().size(), devices.size(),
                result.took().toMillis());
        result.failures().forEach((reason, count) -> log.warn("{} connects failed: {}", count, reason));
        return result;
    }

    /** Disconnects every client, waiting at most {@code timeout} in all. */
    public static void disconnect(List<DeviceConnection> connections, Duration timeout) {
        CompletableFuture<?>[] all = connections.stream()
                .map(c -> c.client().disconnect().exceptionally(e -> null))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("not every client disconnected within {} s", timeout.toSeconds());
        }
    }
}
