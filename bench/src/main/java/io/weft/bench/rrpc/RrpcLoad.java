package io.weft.bench.rrpc;

import io.weft.bench.mqtt.BenchDevice;
import io.weft.bench.mqtt.DeviceConnection;
import io.weft.bench.mqtt.DeviceProvisioner;
import io.weft.bench.mqtt.FleetConnector;
import io.weft.core.json.Json;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RRPC round-trip load for a running Weft: registers devices over REST, connects each (HiveMQ client,
 * Alibaba-signed) answering RRPC requests by echoing them, then runs M REST callers in a closed loop against
 * {@code POST /api/v1/devices/{pk}/{dn}/rrpc} and reports calls/s and the round trip (p50, p90, p99, p99.9, max).
 * Exit code 0 on success, 1 when more than 1% of calls failed, 2 on bad options. See bench/README.md.
 */
public final class RrpcLoad {
    private static final Logger log = LoggerFactory.getLogger(RrpcLoad.class);

    private RrpcLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(RrpcConfig.usage());
            return;
        }
        RrpcConfig config;
        try {
            config = RrpcConfig.parse(args, Instant.now().getEpochSecond());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(RrpcConfig.usage());
            System.exit(2);
            return;
        }
        System.exit(run(config) ? 0 : 1);
    }

    private static boolean run(RrpcConfig config) throws Exception {
        DeviceProvisioner provisioner = new DeviceProvisioner(config.rest());
        provisioner.createProduct(config.productKey(), "{\"properties\":[]}");
        List<BenchDevice> devices = provisioner.registerDevices(config.productKey(), config.devices(), 16);
        FleetConnector.Result fleet = new FleetConnector(config.mqttHost(), config.mqttPort(), 100,
                Runtime.getRuntime().availableProcessors(), true).connect(devices);
        List<DeviceConnection> connections = fleet.connected();
        try {
            RrpcResponders.subscribeAll(connections);
            List<BenchDevice> online = connections.stream().map(DeviceConnection::device).toList();
            log.info("{} devices answer RRPC; {} callers for {} s ({} s warmup)", online.size(), config.callers(),
                    config.duration().toSeconds(), config.warmup().toSeconds());
            return report(config, online.size(), measure(config, online));
        } finally {
            FleetConnector.disconnect(connections, Duration.ofSeconds(10));
        }
    }

    private static Figures measure(RrpcConfig config, List<BenchDevice> devices) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long windowStart = System.nanoTime() + config.warmup().toNanos();
        long windowEnd = windowStart + config.duration().toNanos();
        Recorder recorder = new Recorder(3);
        LongAdder succeeded = new LongAdder();
        ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < config.callers(); i++) {
            Thread t = new Thread(new RrpcCaller(http, config, devices, windowStart, windowEnd, recorder, succeeded,
                    failures), "rrpc-caller-" + i);
            t.start();
            callers.add(t);
        }
        for (Thread t : callers) {
            t.join();
        }
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((reason, count) -> failed.put(reason, count.sum()));
        return new Figures(succeeded.sum(), failed, recorder.getIntervalHistogram());
    }

    private static boolean report(RrpcConfig config, int online, Figures f) {
        long failed = f.failures().values().stream().mapToLong(Long::longValue).sum();
        double perSecond = f.succeeded() / (double) config.duration().toSeconds();
        Histogram h = f.latencyMicros();
        Map<String, Object> json = new TreeMap<>();
        json.put("devices", online);
        json.put("callers", config.callers());
        json.put("payloadBytes", config.payloadBytes());
        json.put("durationSeconds", config.duration().toSeconds());
        json.put("succeeded", f.succeeded());
        json.put("failed", failed);
        json.put("failures", f.failures());
        json.put("callsPerSecond", round(perSecond));
        json.put("p50Ms", ms(h, 50));
        json.put("p90Ms", ms(h, 90));
        json.put("p99Ms", ms(h, 99));
        json.put("p999Ms", ms(h, 99.9));
        json.put("maxMs", round(h.getMaxValue() / 1000.0));
        System.out.printf(Locale.ROOT, "RRPC: %d devices, %d callers, %d-byte payloads, %d s measured%n", online,
                config.callers(), config.payloadBytes(), config.duration().toSeconds());
        System.out.printf(Locale.ROOT, "calls: %d succeeded (%.1f/s), %d failed %s%n", f.succeeded(), perSecond,
                failed, f.failures());
        System.out.printf(Locale.ROOT, "round trip ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
        System.out.println(Json.writeString(json));
        return online == config.devices() && failed <= 0.01 * (f.succeeded() + failed);
    }

    private static double ms(Histogram h, double percentile) {
        return round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private record Figures(long succeeded, Map<String, Long> failures, Histogram latencyMicros) {
    }
}
