package io.weft.core.store.questdb;

import io.questdb.ServerMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * QuestDB inside this JVM, for standalone Weft and tests: only its HTTP endpoint (ILP writes and SQL) is opened, on
 * loopback; its log goes to {@code questdb.log} in the data folder. Needs {@code org.questdb:questdb} on the
 * classpath (an optional dependency of core). QuestDB reads its log configuration once per JVM.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private final ServerMain server;
    private final String httpAddress;

    private EmbeddedQuestDb(ServerMain server, String httpAddress) {
        this.server = server;
        this.httpAddress = httpAddress;
    }

    /** Starts QuestDB with its data in {@code root}; {@code httpPort} 0 picks a free port. */
    public static EmbeddedQuestDb start(Path root, int httpPort) throws IOException {
        Files.createDirectories(root);
        Path logConf = root.resolve("log-weft.conf");
        Files.writeString(logConf, """
                writers=file
                w.file.class=io.questdb.log.LogFileWriter
                w.file.location=%s
                w.file.level=ERROR,CRITICAL,ADVISORY
                """.formatted(root.resolve("questdb.log").toAbsolutePath()));
        if (System.getProperty("out") == null) {
            System.setProperty("out", logConf.toAbsolutePath().toString());
        }
        int port = httpPort == 0 ? freePort() : httpPort;
        ServerMain server = ServerMain.create(root.toAbsolutePath().toString(), Map.of(
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + port,
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_TELEMETRY_DISABLE_COMPLETELY", "true"));
        server.start();
        return new EmbeddedQuestDb(server, "127.0.0.1:" + port);
    }

    /** host:port of the HTTP endpoint, as {@link QuestDbWriter} and {@link QuestDbReader} take it. */
    public String httpAddress() {
        return httpAddress;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
