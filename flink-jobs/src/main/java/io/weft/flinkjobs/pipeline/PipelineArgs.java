package io.weft.flinkjobs.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device-pipeline's program arguments: {@code --bootstrap-servers host:port} (required),
 * {@code --topic-prefix weft.}, {@code --questdb host:port} (no store sink when absent),
 * {@code --checkpoint-interval-ms 2000}, {@code --group-id weft-device-pipeline}.
 */
public record PipelineArgs(String bootstrapServers, String topicPrefix, String questDb, long checkpointIntervalMs,
                           String groupId) {

    /** The program arguments that {@link #parse} reads back into this. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers, "--topic-prefix",
                topicPrefix, "--checkpoint-interval-ms", Long.toString(checkpointIntervalMs), "--group-id", groupId));
        if (questDb != null) {
            args.addAll(List.of("--questdb", questDb));
        }
        return args;
    }

    public static PipelineArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        String bootstrap = values.get("bootstrap-servers");
        if (bootstrap == null) {
            throw new IllegalArgumentException("--bootstrap-servers is required");
        }
        return new PipelineArgs(bootstrap, values.getOrDefault("topic-prefix", "weft."), values.get("questdb"),
                Long.parseLong(values.getOrDefault("checkpoint-interval-ms", "2000")),
                values.getOrDefault("group-id", "weft-device-pipeline"));
    }
}
