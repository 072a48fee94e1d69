package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Uplink;
import io.weft.core.json.Json;
import io.weft.core.registry.DeviceEntry;
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.mqtt.limits.EdgeLimits;
import io.weft.ingest.acl.TopicAcl;
import io.weft.ingest.mqtt.registration.PendingRegistrations;
import io.weft.ingest.mqtt.registration.Registrar;
import io.weft.ingest.mqtt.session.SessionPersistence;
import io.weft.ingest.uplink.UplinkPublisher;
import io.weft.ingest.uplink.UplinkSink;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure against a slow Kafka: the edge's pipeline on a real socket, writing uplinks with the edge's real
 * {@link UplinkPublisher} to a real broker that a producer byte-rate quota on the publisher's client id makes slow.
 * A greedy MQTT client (raw Netty with Netty's MQTT codec) writes QoS 1 PUBLISHes as fast as its socket takes them,
 * never waiting for PUBACK. The edge must stop reading that socket once {@code maxInFlightPerConnection} uplinks
 * await Kafka, so unacknowledged publishes pile up on the client, not in the edge's heap; once the quota is lifted,
 * every publish is acknowledged, and every acknowledged message is in {@code weft.up} exactly once.
 *
 * <p>The edge's uplinks pass through a counting {@link UplinkSink} around the real publisher, so the test sees how
 * many uplinks the edge holds at any time. Netty stops reading when told to only after the bytes of the current read
 * have been decoded, so the bound is the limit plus one socket read's worth of packets (at most 64 KB).
 */
class SlowKafkaBackpressureIT {
    private static final Logger LOG = LoggerFactory.getLogger(SlowKafkaBackpressureIT.class);
    private static final String PK = "a1SlowProduct";
    private static final String DN = "greedy-1";
    private static final String SECRET = "slow-secret-greedy-1";
    private static final String CLIENT_ID = "weft-slow-edge";
    private static final String TOPIC = "/sys/" + PK + "/" + DN + "/thing/event/property/post";
    private static final int LIMIT = 100;
    private static final int MESSAGES = 20_000;
    private static final int PAYLOAD_BYTES = 512;
    /** Netty's largest socket read (AdaptiveRecvByteBufAllocator's maximum). */
    private static final int MAX_READ_BYTES = 65_536;
    /** Slow enough that a few hundred messages take seconds. */
    private static final double SLOW_BYTES_PER_SECOND = 1024;

    private KafkaFixture kafka;
    private Admin admin;
    private UplinkPublisher publisher;
    private CountingUplinks uplinks;
    private MqttEdgeContext context;
    private EventLoopGroup edgeLoop;
    private EventLoopGroup clientLoop;
    private Channel server;

    @BeforeEach
    void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        admin = Admin.create(props);
        publisher = new UplinkPublisher(kafka.bootstrapServers(), KafkaFixture.TOPICS.up(), CLIENT_ID);
        uplinks = new CountingUplinks(publisher);
        MqttEdgeConfig config = new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, LIMIT, "edge-slow", 9);
        DeviceEntry device = new DeviceEntry(PK, DN, SECRET, true, 1L);
        DeviceAuthenticator authenticator = new DeviceAuthenticator(
                (pk, dn) -> PK.equals(pk) && DN.equals(dn) ? device : null);
        authenticator.markReady();
        Disconnector disconnector = new Disconnector();
        EdgeLimits limits = EdgeLimits.of(config.limits());
        MessageIds messageIds = new MessageIds(9);
        // No product here has dynamic registration: the registrar refuses every registration by itself.
        Registrar registrar = new Registrar(authenticator, (pk, dn) -> PK.equals(pk) && DN.equals(dn) ? device : null,
                pk -> null, disconnector, limits, messageIds, request -> CompletableFuture.completedFuture(null),
                new PendingRegistrations(), "edge-slow", Registrar.ANSWER_WAIT);
        context = new MqttEdgeContext(config, authenticator, uplinks, new HeldReplySink(), new SessionRegistry(),
                disconnector, messageIds, presence -> { }, limits,
                SessionPersistence.NONE, (id, topic, payload, qos) -> CompletableFuture.completedFuture(null),
                new TopicAcl((pk, dn) -> PK.equals(pk) && DN.equals(dn) ? device : null), registrar);
        edgeLoop = new NioEventLoopGroup(1);
        clientLoop = new NioEventLoopGroup(1);
        // as MqttEdge binds its TCP listener
        server = new ServerBootstrap().group(edgeLoop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new MqttPipeline(context))
                .bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().sync();
        }
        for (EventLoopGroup group : new EventLoopGroup[] {clientLoop, edgeLoop}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * Verifies that, while Kafka is throttled, the edge stops reading the socket of a client that publishes faster
     * than Kafka takes it (the uplinks it holds stay within the in-flight limit plus one socket read, and the client's
     * own outbound buffer fills), and that after the quota is lifted every publish is acknowledged and in
     * {@code weft.up} exactly once.
     */
    @Test
    void publish_whenKafkaThrottled_thenEdgeStopsReadingAndLosesNothingOnceKafkaRecovers() throws Exception {
        throttle(SLOW_BYTES_PER_SECOND);
        GreedyClient client = GreedyClient.connect(clientLoop, (InetSocketAddress) server.localAddress());
        Map<Integer, byte[]> payloads = payloads();
        int packetBytes = client.publishAll(payloads);

        await("the edge stops reading and the client's publishes pile up on the client")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !edgeChannel().config().isAutoRead() && !client.channel.isWritable()
                        && client.pendingBytes() > MESSAGES * packetBytes / 2);
        LOG.info("Kafka throttled: client wrote {}, {} bytes still in its outbound buffer; the edge read {}, holds {} "
                        + "(at most {} so far); {} acknowledged", MESSAGES, client.pendingBytes(), uplinks.started(),
                uplinks.inFlight(), uplinks.maxInFlight(), client.acknowledged().size());
        assertThat(uplinks.started()).as("publishes the edge has read while Kafka is slow")
                .isLessThan(MESSAGES / 2);
        assertThat(client.acknowledged()).as("PUBACKs while Kafka is slow").hasSizeLessThan(MESSAGES / 2);

        unthrottle();
        await("every publish acknowledged once Kafka is fast again").atMost(Duration.ofSeconds(120))
                .until(() -> client.acknowledged().size() == MESSAGES);

        int bound = LIMIT + MAX_READ_BYTES / packetBytes + 1;
        LOG.info("at most {} uplinks held at once (limit {}, bound {})", uplinks.maxInFlight(), LIMIT, bound);
        assertThat(uplinks.maxInFlight()).as("uplinks the edge held awaiting Kafka at any time")
                .isGreaterThanOrEqualTo(LIMIT).isLessThanOrEqualTo(bound);
        assertThat(client.acknowledged()).isEqualTo(payloads.keySet());
        Map<Integer, Integer> stored = countInWeftUp();
        assertThat(stored.keySet()).isEqualTo(payloads.keySet());
        assertThat(stored.values()).as("times each acknowledged message is in weft.up").containsOnly(1);
    }

    private Channel edgeChannel() {
        List<MqttSession> sessions = context.sessions().all();
        assertThat(sessions).hasSize(1);
        return sessions.get(0).channel();
    }

    /** Payloads {@code "<packet id> <random letters>"}, keyed by the packet id they are published with. */
    private static Map<Integer, byte[]> payloads() {
        Random random = new Random(42);
        Map<Integer, byte[]> payloads = new LinkedHashMap<>();
        for (int id = 1; id <= MESSAGES; id++) {
            StringBuilder text = new StringBuilder(id + " ");
            while (text.length() < PAYLOAD_BYTES) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            payloads.put(id, text.toString().getBytes(US_ASCII));
        }
        return payloads;
    }

    private void throttle(double bytesPerSecond) throws Exception {
        alterQuota(bytesPerSecond);
        await("quota in force").atMost(Duration.ofSeconds(10))
                .until(() -> Double.valueOf(bytesPerSecond).equals(quota()));
    }

    private void unthrottle() throws Exception {
        alterQuota(null);
        await("quota lifted").atMost(Duration.ofSeconds(10)).until(() -> quota() == null);
    }

    private void alterQuota(Double bytesPerSecond) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity(),
                        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond)))))
                .all().get(10, TimeUnit.SECONDS);
    }

    private Double quota() throws Exception {
        return admin.describeClientQuotas(ClientQuotaFilter.containsOnly(List.of(
                        ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, CLIENT_ID))))
                .entities().get(10, TimeUnit.SECONDS)
                .getOrDefault(entity(), Map.of()).get("producer_byte_rate");
    }

    private static ClientQuotaEntity entity() {
        return new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT_ID));
    }

    /** How many times each packet id's payload is in {@code weft.up}, reading up to the end offsets of now. */
    private Map<Integer, Integer> countInWeftUp() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<Integer, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(KafkaFixture.TOPICS.up())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("weft.up read to its end").atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Uplink u = Json.read(r.value(), Uplink.class);
                    assertThat(r.key()).isEqualTo(PK + "/" + DN);
                    assertThat(u.qos()).isEqualTo(1);
                    String text = new String(u.payload(), US_ASCII);
                    counts.merge(Integer.parseInt(text.substring(0, text.indexOf(' '))), 1, Integer::sum);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return counts;
    }

    /** The real uplink publisher, counting what the edge handed it and has not yet seen made durable. */
    private static final class CountingUplinks implements UplinkSink {
        private final UplinkSink delegate;
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();

        CountingUplinks(UplinkSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<?> publish(Uplink uplink) {
            started.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return delegate.publish(uplink).whenComplete((ok, error) -> inFlight.decrementAndGet());
        }

        int started() {
            return started.get();
        }

        int inFlight() {
            return inFlight.get();
        }

        int maxInFlight() {
            return maxInFlight.get();
        }
    }

    /**
     * A device that writes every PUBLISH at once and never waits for PUBACK: Alibaba-signed CONNECT, then QoS 1
     * publishes with packet ids 1..n. Its send buffer is small so that what the edge does not read stays in the
     * client's own outbound buffer, where the test can see it.
     */
    private static final class GreedyClient {
        private final Channel channel;
        private final Set<Integer> acknowledged;

        private GreedyClient(Channel channel, Set<Integer> acknowledged) {
            this.channel = channel;
            this.acknowledged = acknowledged;
        }

        static GreedyClient connect(EventLoopGroup group, InetSocketAddress edge) throws Exception {
            CompletableFuture<MqttConnectReturnCode> connack = new CompletableFuture<>();
            Set<Integer> acks = ConcurrentHashMap.newKeySet();
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.SO_SNDBUF, 64 * 1024)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE,
                                    new SimpleChannelInboundHandler<MqttMessage>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                                            if (msg instanceof MqttConnAckMessage ack) {
                                                connack.complete(ack.variableHeader().connectReturnCode());
                                            } else if (msg.fixedHeader().messageType() == MqttMessageType.PUBACK) {
                                                acks.add(((MqttMessageIdVariableHeader) msg.variableHeader())
                                                        .messageId());
                                            }
                                        }
                                    });
                        }
                    })
                    .connect(edge).sync().channel();
            DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DN, SECRET, SignMethod.HMACSHA256,
                    PK + "." + DN, EdgeHarness.SDK_TIMESTAMP);
            channel.writeAndFlush(EdgeHarness.connect(c.clientId(), c.username(), c.password(), 60));
            assertThat(connack.get(10, TimeUnit.SECONDS)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            return new GreedyClient(channel, acks);
        }

        /** Writes one QoS 1 PUBLISH per payload, packet id = key; returns the size of one encoded PUBLISH. */
        int publishAll(Map<Integer, byte[]> payloads) {
            int size = 0;
            for (Map.Entry<Integer, byte[]> p : payloads.entrySet()) {
                channel.write(MqttMessageBuilders.publish().topicName(TOPIC).qos(MqttQoS.AT_LEAST_ONCE)
                        .retained(false).messageId(p.getKey()).payload(Unpooled.wrappedBuffer(p.getValue())).build());
                if (p.getKey() % 100 == 0) {
                    channel.flush();
                }
                int remaining = 2 + TOPIC.length() + 2 + p.getValue().length;
                size = 1 + (remaining < 128 ? 1 : remaining < 16_384 ? 2 : 3) + remaining;
            }
            channel.flush();
            return size;
        }

        /** Bytes written by the client that are still in its own outbound buffer. */
        long pendingBytes() {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            return buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }

        Set<Integer> acknowledged() {
            return Set.copyOf(acknowledged);
        }
    }
}
