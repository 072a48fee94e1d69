package io.weft.e2e;

import static org.awaitility.Awaitility.await;

import io.weft.standalone.StandaloneAlerts;
import io.weft.standalone.StandaloneConfig;
import io.weft.standalone.WeftStandalone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One standalone Weft (random ports, a data folder of its own) shared by every end-to-end test class that registers
 * this extension: started when the first of them runs, with downlinks ready, and stopped when the test run ends.
 * Each class works in products of its own, so sharing one Weft also checks that they stay apart. A class that
 * restarts Weft or needs other settings starts its own instead. Its alert job raises {@code device-offline} after
 * {@link #OFFLINE_ALERT_AFTER_MS}, not five minutes.
 */
final class SharedWeft implements BeforeAllCallback {
    static final long OFFLINE_ALERT_AFTER_MS = 3_000;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedWeft.class);

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    WeftStandalone weft() {
        return running.weft();
    }

    WeftApi api() {
        return running.api();
    }

    /** The running instance; closed by JUnit with the root context, at the end of the run. */
    private record Running(Path dataDir, WeftStandalone weft, WeftApi api)
            implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            try {
                Path dataDir = Files.createTempDirectory("weft-e2e-");
                WeftStandalone weft = new WeftStandalone(StandaloneConfig.randomPorts(dataDir),
                        new StandaloneAlerts(OFFLINE_ALERT_AFTER_MS, List.of()), System.out::println)
                        .start();
                await().atMost(Duration.ofSeconds(30)).until(() -> weft.edge().downlinksReady());
                return new Running(dataDir, weft, new WeftApi(weft.config().restPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("standalone Weft did not start", e);
            }
        }

        @Override
        public void close() throws IOException {
            weft.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
