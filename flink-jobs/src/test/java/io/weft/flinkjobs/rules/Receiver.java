package io.weft.flinkjobs.rules;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (the JDK's) standing in for a webhook's receiver: it answers 503 to the first {@code failures}
 * calls and 200 after, and keeps every call's body and headers.
 */
final class Receiver implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Call> received = new CopyOnWriteArrayList<>();

    record Call(String body, String contentType, String token) {
    }

    Receiver(int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Call(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("X-Token")));
            }
            int status = calls.incrementAndGet() <= failures ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Call> calls() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
