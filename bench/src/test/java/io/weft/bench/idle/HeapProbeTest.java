package io.weft.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapProbeTest {
    /** What {@code jcmd <pid> GC.heap_info} prints for G1 on JDK 17. */
    private static final String HEAP_INFO = """
            3376:
             garbage-first heap   total 397312K, used 176227K [0x0000000687400000, 0x0000000800000000)
              region size 4096K, 4 young (16384K), 0 survivors (0K)
             Metaspace       used 8865K, committed 9024K, reserved 1114112K
              class space    used 1062K, committed 1152K, reserved 1048576K
            """;

    @Test
    void usedBytes_readsTheHeapLineNotMetaspace() {
        assertThat(HeapProbe.usedBytes(HEAP_INFO)).isEqualTo(176227L * 1024);
    }

    @Test
    void usedBytes_whenNoHeapLine_thenRejects() {
        assertThatThrownBy(() -> HeapProbe.usedBytes("3376:\nCommand not found\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growth_fromTwoHistograms_thenLargestGrowthFirstAndShrunkClassesLeftOut() {
        Map<String, HeapProbe.ClassUsage> before = HeapProbe.histogram("""
                3376:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         13022         793552  [B (java.base@17.0.15)
                   2:          3002         360856  java.lang.Class (java.base@17.0.15)
                   3:           100           8000  io.netty.channel.socket.nio.NioSocketChannel
                Total         16124        1162408
                """);
        Map<String, HeapProbe.ClassUsage> after = HeapProbe.histogram("""
                3376:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         14022         893552  [B (java.base@17.0.15)
                   2:          3000         360000  java.lang.Class (java.base@17.0.15)
                   3:          3100         248000  io.netty.channel.socket.nio.NioSocketChannel
                   4:          3000         120000  io.weft.ingest.mqtt.MqttSession
                Total         23122        1621552
                """);

        List<HeapProbe.ClassUsage> grown = HeapProbe.growth(before, after);

        assertThat(grown).containsExactly(
                new HeapProbe.ClassUsage("io.netty.channel.socket.nio.NioSocketChannel", 3000, 240000),
                new HeapProbe.ClassUsage("io.weft.ingest.mqtt.MqttSession", 3000, 120000),
                new HeapProbe.ClassUsage("[B", 1000, 100000));
    }
}
