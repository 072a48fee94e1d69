package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Presence;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.topic.TopicClass;
import io.weft.ingest.acl.TopicAcl;
import io.weft.core.registry.ProductEntry;
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.auth.DeviceDirectory;
import io.weft.ingest.mqtt.limits.EdgeLimits;
import io.weft.ingest.mqtt.registration.PendingRegistrations;
import io.weft.ingest.mqtt.registration.Registrar;
import io.weft.ingest.mqtt.session.SessionPersistence;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The edge's real pipeline over an in-memory device table and a {@link HeldUplinkSink}: everything an
 * {@link MqttEdge} has except sockets and Kafka. One harness is one edge; each {@link #open()} is one TCP
 * connection to it.
 */
final class EdgeHarness {
    static final String PK = "a1PkMeter";
    static final String DN = "meter-1";
    static final String SECRET = "s3cr3t-of-meter-1";
    static final String OTHER_DN = "meter-2";
    static final String OTHER_SECRET = "s3cr3t-of-meter-2";
    static final String DISABLED_DN = "meter-off";
    static final String DISABLED_SECRET = "s3cr3t-of-meter-off";
    /** Alibaba's C SDK 3.x sends this fixed timestamp (year 2050). */
    static final String SDK_TIMESTAMP = "2524608000000";
    static final DeviceIdentity DEVICE = new DeviceIdentity(PK, DN);
    /** {@link #PK}'s product secret; the product allows both kinds of dynamic registration. */
    static final String PRODUCT_SECRET = "pr0duct-s3cret";
    /** A product with a secret but dynamic registration off (the default). */
    static final String CLOSED_PK = "a1PkClosed";
    static final String CLOSED_SECRET = "cl0sed-s3cret";
    /** The edge's wall clock in tests that set a clock-skew window. */
    static final long NOW = 1_763_000_000_000L;

    final Map<String, DeviceEntry> devices = new ConcurrentHashMap<>();
    /** Each product's custom topic classes; a product not in here has Alibaba's defaults. */
    final Map<String, List<TopicClass>> topicClasses = new ConcurrentHashMap<>();
    final DeviceDirectory directory = new DeviceDirectory() {
        @Override
        public DeviceEntry device(String productKey, String deviceName) {
            return devices.get(productKey + "/" + deviceName);
        }

        @Override
        public List<TopicClass> topicClasses(String productKey) {
            return topicClasses.getOrDefault(productKey, TopicClass.DEFAULTS);
        }
    };
    final Map<String, ProductEntry> products = new ConcurrentHashMap<>();
    final DeviceAuthenticator authenticator;
    final HeldUplinkSink sink = new HeldUplinkSink();
    final HeldReplySink replies = new HeldReplySink();
    final SessionRegistry sessions = new SessionRegistry();
    final Disconnector disconnector = new Disconnector();
    /** The topics of the sandbox messages the edge sent, in order. */
    final List<String> sandbox = new CopyOnWriteArrayList<>();
    /** Every presence event the edge reported, in order. */
    final List<Presence> presence = new CopyOnWriteArrayList<>();
    /** The clock of the edge's limits, in nanoseconds; tests move it with {@link #advance}. */
    final AtomicLong nanoTime = new AtomicLong();
    /** Registration requests the edge sent to the control plane, held until the test answers them. */
    final HeldRegistrationSink registrations = new HeldRegistrationSink();
    final PendingRegistrations pendingRegistrations = new PendingRegistrations();
    final MqttEdgeContext context;

    EdgeHarness() {
        this(MqttEdgeConfig.defaults(0), true);
    }

    EdgeHarness(MqttEdgeConfig config, boolean registryLoaded) {
        add(new DeviceEntry(PK, DN, SECRET, true, 1L));
        add(new DeviceEntry(PK, OTHER_DN, OTHER_SECRET, true, 1L));
        add(new DeviceEntry(PK, DISABLED_DN, DISABLED_SECRET, false, 1L));
        products.put(PK, new ProductEntry(PK, "Meter", "{}", 1L, 1L, PRODUCT_SECRET, true, true));
        products.put(CLOSED_PK, new ProductEntry(CLOSED_PK, "Closed", "{}", 1L, 1L, CLOSED_SECRET, false, false));
        authenticator = new DeviceAuthenticator(directory, config.clockSkewMs(), () -> NOW);
        if (registryLoaded) {
            authenticator.markReady();
        }
        EdgeLimits limits = new EdgeLimits(config.limits(), nanoTime::get);
        MessageIds messageIds = new MessageIds(1);
        Registrar registrar = new Registrar(authenticator, (pk, dn) -> devices.get(pk + "/" + dn), products::get,
                disconnector, limits, messageIds, registrations, pendingRegistrations, "edge-1",
                Registrar.ANSWER_WAIT);
        context = new MqttEdgeContext(config, authenticator, sink, replies, sessions, disconnector,
                messageIds, presence::add, limits,
                SessionPersistence.NONE, (id, topic, payload, qos) -> {
                    sandbox.add(topic);
                    return CompletableFuture.completedFuture(null);
                }, new TopicAcl(directory), registrar);
    }

    /** Moves the limits' clock on. */
    void advance(Duration duration) {
        nanoTime.addAndGet(duration.toNanos());
    }

    void add(DeviceEntry device) {
        devices.put(device.productKey() + "/" + device.deviceName(), device);
    }

    /** A new connection: the pipeline exactly as {@link MqttEdge} installs it on an accepted socket. */
    MqttPeer open() {
        return new MqttPeer(new EmbeddedChannel(new MqttPipeline(context)));
    }

    /** A new connection from {@code ip} (the remote address the limits see). */
    MqttPeer openFrom(String ip) {
        return new MqttPeer(RemoteChannel.from(new InetSocketAddress(ip, 40_000), new MqttPipeline(context)));
    }

    /** A connection of {@code meter-1} that has been accepted (CONNACK 0 read and checked). */
    MqttPeer connected() {
        return connected(DN, SECRET);
    }

    MqttPeer connected(String deviceName, String secret) {
        MqttPeer peer = open();
        peer.send(signedConnect(deviceName, secret, 60));
        assertThat(connackCode(peer.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return peer;
    }

    /** A connection of {@code meter-1} over MQTT 5 that has been accepted (CONNACK 0 read and checked). */
    MqttPeer connected5() {
        return connected5(new MqttProperties());
    }

    /** A connection of {@code meter-1} over MQTT 5 with these CONNECT properties, accepted. */
    MqttPeer connected5(MqttProperties properties) {
        MqttPeer peer = open().speaking(MqttVersion.MQTT_5);
        peer.send(signedConnect5(DN, SECRET, 60, properties));
        assertThat(connackCode(peer.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return peer;
    }

    /** An Alibaba-signed MQTT 5 CONNECT with these properties. */
    static MqttConnectMessage signedConnect5(String deviceName, String secret, int keepAlive,
                                            MqttProperties properties) {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, deviceName, secret, SignMethod.HMACSHA256,
                PK + "." + deviceName, SDK_TIMESTAMP);
        return MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId(c.clientId())
                .username(c.username())
                .password(c.password().getBytes(UTF_8))
                .keepAlive(keepAlive)
                .cleanSession(true)
                .properties(properties)
                .build();
    }

    /** A CONNECT as Alibaba's Link SDK builds it: clientId {@code pk.dn|securemode=3,signmethod=...|}. */
    static MqttConnectMessage signedConnect(String deviceName, String secret, int keepAlive) {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, deviceName, secret, SignMethod.HMACSHA256,
                PK + "." + deviceName, SDK_TIMESTAMP);
        return connect(c.clientId(), c.username(), c.password(), keepAlive);
    }

    static MqttConnectMessage connect(String clientId, String username, String password, int keepAlive) {
        return MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(clientId)
                .username(username)
                .password(password == null ? null : password.getBytes(UTF_8))
                .keepAlive(keepAlive)
                .cleanSession(true)
                .build();
    }

    /** The return code of the one CONNACK among the packets, failing if there is not exactly one packet. */
    static MqttConnectReturnCode connackCode(List<MqttMessage> received) {
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).isInstanceOf(MqttConnAckMessage.class);
        return ((MqttConnAckMessage) received.get(0)).variableHeader().connectReturnCode();
    }
}
