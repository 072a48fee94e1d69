package io.weft.standalone;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink MiniCluster with its REST endpoint, to which the job jar is submitted exactly as to a real session
 * cluster ({@link io.weft.controlplane.flink.FlinkRest}): the device pipeline, the alert job and the control plane's
 * rule groups. Classes resolve parent-first: the job's dependencies are already on this JVM's classpath (Flink's
 * Table API included, as in a Flink distribution's lib/), and loading them twice would split Kafka's classes
 * between two loaders.
 */
final class FlinkCluster implements AutoCloseable {
    /**
     * Task slots: each job here runs with parallelism 1 in one slot; the device pipeline, the alert job and up to six
     * rule groups (the control plane runs four by default, {@code weft.rules.groups}).
     */
    static final int SLOTS = 8;
    private final MiniCluster cluster;
    private final URI restAddress;

    private FlinkCluster(MiniCluster cluster, URI restAddress) {
        this.cluster = cluster;
        this.restAddress = restAddress;
    }

    static FlinkCluster start(Path dir, int restPort) throws Exception {
        Files.createDirectories(dir.resolve("checkpoints"));
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, restPort);
        conf.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS)
                .build());
        cluster.start();
        return new FlinkCluster(cluster, cluster.getRestAddress().get());
    }

    URI restAddress() {
        return restAddress;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
