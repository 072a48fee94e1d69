package io.weft.flinkjobs.pipeline;

import io.weft.flinkjobs.job.JobArguments;
import java.util.ArrayList;
import java.util.List;

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
        JobArguments values = JobArguments.parse(args);
        return new PipelineArgs(values.required("bootstrap-servers", ""), values.text("topic-prefix", "weft."),
                values.optional("questdb"), values.number("checkpoint-interval-ms", 2000),
                values.text("group-id", "weft-device-pipeline"));
    }
}
