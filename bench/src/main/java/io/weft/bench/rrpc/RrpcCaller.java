package io.weft.bench.rrpc;

import io.weft.bench.mqtt.BenchDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * One REST caller in a closed loop: calls RRPC on a random device, waits for the answer, calls again, until the
 * end. Round trips of calls that started inside the measured window go to the shared recorder (µs); calls that
 * did not answer 200 with the echoed payload are counted by reason.
 */
final class RrpcCaller implements Runnable {
    private final HttpClient http;
    private final URI rest;
    private final List<BenchDevice> devices;
    private final String body;
    private final String expected;
    private final long windowStart;
    private final long windowEnd;
    private final Recorder latencyMicros;
    private final LongAdder succeeded;
    private final Map<String, LongAdder> failures;

    RrpcCaller(HttpClient http, RrpcConfig config, List<BenchDevice> devices, long windowStart, long windowEnd,
               Recorder latencyMicros, LongAdder succeeded, ConcurrentHashMap<String, LongAdder> failures) {
        this.http = http;
        this.rest = config.rest();
        this.devices = devices;
        byte[] payload = new byte[config.payloadBytes()];
        java.util.Arrays.fill(payload, (byte) 'x');
        this.expected = Base64.getEncoder().encodeToString(payload);
        this.body = "{\"payload\":\"" + expected + "\",\"timeoutMs\":" + config.timeoutMs() + "}";
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.latencyMicros = latencyMicros;
        this.succeeded = succeeded;
        this.failures = failures;
    }

    @Override
    public void run() {
        while (System.nanoTime() - windowEnd < 0) {
            BenchDevice device = devices.get(ThreadLocalRandom.current().nextInt(devices.size()));
            long start = System.nanoTime();
            String outcome = call(device);
            long end = System.nanoTime();
            if (start - windowStart < 0) {
                continue;
            }
            if (outcome == null) {
                succeeded.increment();
                latencyMicros.recordValue(Math.max(1, (end - start) / 1000));
            } else {
                failures.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            }
        }
    }

    /** Null on success, else the reason. */
    private String call(BenchDevice device) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rest + "/api/v1/devices/" + device.productKey() + "/"
                        + device.deviceName() + "/rrpc"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode();
            }
            return response.body().contains("\"payload\":\"" + expected + "\"") ? null : "wrong payload";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
