package io.weft.standalone;

import io.questdb.ServerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** QuestDB inside this JVM: only its HTTP endpoint (ILP writes and SQL) is opened, on loopback. */
final class QuestDbServer implements AutoCloseable {
    private final ServerMain server;

    private QuestDbServer(ServerMain server) {
        this.server = server;
    }

    static QuestDbServer start(Path dir, int httpPort) throws IOException {
        Files.createDirectories(dir);
        Path logConf = dir.resolve("log-weft.conf");
        Files.writeString(logConf, """
                writers=stdout
                w.stdout.class=io.questdb.log.LogConsoleWriter
                w.stdout.level=ERROR
                """);
        if (System.getProperty("out") == null) {
            System.setProperty("out", logConf.toAbsolutePath().toString());
        }
        ServerMain server = ServerMain.create(dir.toAbsolutePath().toString(), Map.of(
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort,
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_TELEMETRY_DISABLE_COMPLETELY", "true"));
        server.start();
        return new QuestDbServer(server);
    }

    @Override
    public void close() {
        server.close();
    }
}
