package io.weft.flinkjobs.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.weft.core.alert.Alert;
import io.weft.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (the JDK's) standing in for two webhook receivers: {@code /flaky} answers 503 to the first
 * {@code failures} calls of each notification (alert id and revision) and 200 after, keeping what it accepted;
 * {@code /broken} answers 500 to every call. Both count the calls they get per notification.
 */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final int failures;
    private final List<Alert> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> brokenCalls = new ConcurrentHashMap<>();

    WebhookReceiver(int failures) throws IOException {
        this.failures = failures;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/flaky", this::flaky);
        server.createContext("/broken", this::broken);
        server.start();
    }

    String flakyUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/flaky";
    }

    String brokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/broken";
    }

    /** The alert records {@code /flaky} accepted for {@code key}, in arrival order. */
    List<Alert> accepted(String key) {
        return accepted.stream().filter(a -> a.key().equals(key)).toList();
    }

    int flakyCalls(Alert alert) {
        return count(flakyCalls, alert);
    }

    int brokenCalls(Alert alert) {
        return count(brokenCalls, alert);
    }

    private void flaky(HttpExchange exchange) throws IOException {
        Alert alert = Json.read(exchange.getRequestBody().readAllBytes(), Alert.class);
        String id = exchange.getRequestHeaders().getFirst("X-Weft-Alert-Id") + "#"
                + exchange.getRequestHeaders().getFirst("X-Weft-Alert-Revision");
        int call = flakyCalls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if (call <= failures) {
            answer(exchange, 503);
            return;
        }
        accepted.add(alert);
        answer(exchange, 200);
    }

    private void broken(HttpExchange exchange) throws IOException {
        Alert alert = Json.read(exchange.getRequestBody().readAllBytes(), Alert.class);
        brokenCalls.computeIfAbsent(alert.id() + "#" + alert.revision(), k -> new AtomicInteger()).incrementAndGet();
        answer(exchange, 500);
    }

    private static int count(Map<String, AtomicInteger> calls, Alert alert) {
        AtomicInteger n = calls.get(alert.id() + "#" + alert.revision());
        return n == null ? 0 : n.get();
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
