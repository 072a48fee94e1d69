package io.weft.bench.idle;

import io.weft.bench.mqtt.BenchDevice;
import io.weft.bench.mqtt.FleetConnector;
import io.weft.bench.mqtt.RegistryProvisioner;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Heap per idle connection of an edge run by {@code EdgeOnly}: writes the devices to {@code weft.registry}, waits
 * until the edge accepts the last of them, reads the edge's heap after a full GC, opens one idle Alibaba-signed
 * connection per device (raw Netty, keepalive 1200 s by default), reads the heap after a full GC again, and prints
 * the difference per connection with the classes that grew most (from two class histograms). Exit code 1 when more
 * than 1% of the connections failed, 2 for bad options. See bench/README.md.
 */
public final class IdleConnections {
    private static final Logger log = LoggerFactory.getLogger(IdleConnections.class);

    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(IdleConfig.usage());
            return;
        }
        IdleConfig config;
        try {
            config = IdleConfig.parse(args, Instant.now().getEpochSecond());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(IdleConfig.usage());
            System.exit(2);
            return;
        }
        System.exit(run(config) ? 0 : 1);
    }

    private static boolean run(IdleConfig config) throws Exception {
        List<BenchDevice> devices = new RegistryProvisioner(config.kafka(), WeftTopics.DEFAULT)
                .register(config.productKey(), config.connections());
        log.info("wrote {} devices to {}", devices.size(), WeftTopics.DEFAULT.registry());
        new FleetConnector(config.mqttHost(), config.mqttPort(), 1, 1, true)
                .awaitAccepted(devices.get(devices.size() - 1), Duration.ofSeconds(120));
        HeapProbe heap = new HeapProbe(config.edgePid());
        long before = heap.usedAfterFullGc();
        Map<String, HeapProbe.ClassUsage> classesBefore = heap.histogram();
        log.info("edge heap after full GC, before connecting: {} KB", before / 1024);

        long t0 = System.nanoTime();
        try (RawConnector connector = new RawConnector(
                new InetSocketAddress(config.mqttHost(), config.mqttPort()), config.sources(), config.keepAlive())) {
            RawConnector.Result result = connector.connect(devices, config.concurrency());
            log.info("{} of {} connections accepted in {} ms", result.connected(), devices.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            result.failures().forEach((reason, count) -> log.warn("{} connections failed: {}", count, reason));
            long after = heap.usedAfterFullGc();
            Map<String, HeapProbe.ClassUsage> classesAfter = heap.histogram();
            int idle = connector.open();
            log.info("edge heap after full GC, {} idle connections: {} KB", idle, after / 1024);
            List<HeapProbe.ClassUsage> grown = HeapProbe.growth(classesBefore, classesAfter);
            print(config, idle, before, after, grown, result.failures());
            return devices.size() - idle <= devices.size() / 100;
        }
    }

    private static void print(IdleConfig config, int idle, long before, long after, List<HeapProbe.ClassUsage> grown,
                              Map<String, Integer> failures) {
        double perConnection = idle == 0 ? 0 : (after - before) / (double) idle;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Weft MQTT edge, idle connections: %d of %d open (keepalive %d s)%n",
                idle, config.connections(), config.keepAlive()));
        out.append(String.format(Locale.ROOT, "  heap used after full GC  before %.1f MB, after %.1f MB%n",
                before / 1048576.0, after / 1048576.0));
        out.append(String.format(Locale.ROOT, "  heap per idle connection %.0f bytes%n", perConnection));
        out.append("  classes that grew most (bytes per connection, instances per connection):\n");
        ObjectNode json = Json.object();
        json.put("connections", idle).put("asked", config.connections()).put("keepAliveSeconds", config.keepAlive())
                .put("heapBeforeBytes", before).put("heapAfterBytes", after)
                .put("bytesPerConnection", Math.round(perConnection));
        ArrayNode classes = json.putArray("grownClasses");
        grown.stream().limit(config.classesShown()).forEach(c -> {
            out.append(String.format(Locale.ROOT, "    %8.1f  %6.2f  %s%n", c.bytes() / (double) Math.max(idle, 1),
                    c.instances() / (double) Math.max(idle, 1), c.className()));
            classes.addObject().put("class", c.className()).put("bytes", c.bytes()).put("instances", c.instances());
        });
        ObjectNode reasons = json.putObject("failures");
        failures.forEach(reasons::put);
        System.out.print(out);
        System.out.println(Json.writeString(json));
    }
}
