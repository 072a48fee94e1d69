package io.weft.ingest.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.weft.core.envelope.MessageIds;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.RegistryFollower;
import io.weft.ingest.acl.TopicAcl;
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.auth.DeviceDirectory;
import io.weft.ingest.auth.RegistryDirectory;
import io.weft.ingest.downlink.DownlinkConsumer;
import io.weft.ingest.mqtt.open.SandboxPublisher;
import io.weft.ingest.mqtt.session.KafkaSessionPersistence;
import io.weft.ingest.mqtt.limits.EdgeLimits;
import io.weft.ingest.mqtt.registration.PendingRegistrations;
import io.weft.ingest.mqtt.registration.Registrar;
import io.weft.ingest.mqtt.registration.RegistrationAnswers;
import io.weft.ingest.mqtt.registration.RegistrationPublisher;
import io.weft.ingest.mqtt.transport.ServerTls;
import io.weft.ingest.mqtt.transport.TransportFront;
import io.weft.ingest.presence.EdgeLease;
import io.weft.ingest.presence.PresencePublisher;
import io.weft.ingest.reply.ReplyPublisher;
import io.weft.ingest.uplink.UplinkPublisher;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT edge: Netty MQTT 3.1/3.1.1/5.0 listeners (TCP, TLS, WebSocket, secure WebSocket; see {@link MqttListener})
 * that authenticate devices against the registry topic (Alibaba signature, or a client certificate over TLS), write
 * their uplinks (and RRPC responses) to Kafka and deliver downlinks from Kafka to their sessions. It reports each
 * session's presence on {@code weft.events} and ends the session of a device the registry disables or deletes.
 * Dynamic registrations ({@link Registrar}) go to the control plane on {@code weft.registrations}. All
 * listeners share one event loop group, one session registry, one disconnector and one set of limits per address
 * and device ({@link io.weft.ingest.mqtt.limits.ConnectionLimits}).
 */
public final class MqttEdge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttEdge.class);

    private final MqttEdgeConfig config;
    private final String bootstrapServers;
    private final WeftTopics topics;
    private final SessionRegistry sessions = new SessionRegistry();
    private final Disconnector disconnector = new Disconnector();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private RegistryFollower registry;
    private UplinkPublisher uplinks;
    private PresencePublisher presence;
    private EdgeLease lease;
    private ReplyPublisher replies;
    private DownlinkConsumer downlinks;
    private DownlinkConsumer sandboxMessages;
    private SandboxPublisher sandbox;
    private KafkaSessionPersistence persistence;
    private RegistrationPublisher registrationRequests;
    private RegistrationAnswers registrationAnswers;
    private final Map<MqttListener, Channel> serverChannels = new LinkedHashMap<>();

    public MqttEdge(MqttEdgeConfig config, String bootstrapServers, WeftTopics topics) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** Starts the listeners once the registry is loaded (so no device is refused for a cold cache). */
    public MqttEdge start(Duration registryTimeout) throws InterruptedException, SSLException {
        long startedAt = System.currentTimeMillis();
        SslContext tls = config.tls() == null ? null : ServerTls.context(config.tls());
        registry = new RegistryFollower(bootstrapServers, topics.registry(),
                new DeviceRevoker(sessions, disconnector)).start();
        DeviceDirectory directory = new RegistryDirectory(registry);
        DeviceAuthenticator authenticator = new DeviceAuthenticator(directory, config.clockSkewMs(),
                System::currentTimeMillis);
        uplinks = new UplinkPublisher(bootstrapServers, topics.up(), "weft-" + config.edgeId());
        presence = new PresencePublisher(bootstrapServers, topics.events(), "weft-" + config.edgeId() + "-presence");
        replies = new ReplyPublisher(bootstrapServers, topics.replies(), "weft-" + config.edgeId() + "-replies");
        downlinks = new DownlinkConsumer(bootstrapServers, topics.down(), new DownlinkDelivery(sessions, replies))
                .start();
        sandbox = new SandboxPublisher(bootstrapServers, topics.open(), "weft-" + config.edgeId());
        sandboxMessages = new DownlinkConsumer(bootstrapServers, topics.open(), "weft-edge-sandbox",
                new SandboxDelivery(sessions)).start();
        MessageIds messageIds = new MessageIds(config.nodeId());
        persistence = new KafkaSessionPersistence(bootstrapServers, topics, "weft-" + config.edgeId(),
                config.sessions().maxRetained(), downlinks, sandboxMessages, messageIds).start(registryTimeout);
        if (!downlinks.awaitAssigned(registryTimeout) || !sandboxMessages.awaitAssigned(registryTimeout)) {
            throw new IllegalStateException("downlink topic " + topics.down() + " not assigned within "
                    + registryTimeout);
        }
        PendingRegistrations pendingRegistrations = new PendingRegistrations();
        registrationRequests = new RegistrationPublisher(bootstrapServers, topics.registrations(),
                "weft-" + config.edgeId() + "-registrations");
        registrationAnswers = new RegistrationAnswers(bootstrapServers, topics.registrations(),
                "weft-" + config.edgeId() + "-registration-answers", pendingRegistrations).start();
        if (!registry.awaitReady(registryTimeout)) {
            throw new IllegalStateException("registry topic " + topics.registry() + " not loaded within "
                    + registryTimeout);
        }
        if (!registrationAnswers.awaitReady(registryTimeout)) {
            throw new IllegalStateException("topic " + topics.registrations() + " not assigned within "
                    + registryTimeout);
        }
        authenticator.markReady();
        EdgeLimits limits = EdgeLimits.of(config.limits());
        Registrar registrar = new Registrar(authenticator, registry::device, registry::product, disconnector, limits,
                messageIds, registrationRequests, pendingRegistrations, config.edgeId(), Registrar.ANSWER_WAIT);
        MqttEdgeContext context = new MqttEdgeContext(config, authenticator, uplinks, replies, sessions, disconnector,
                messageIds, presence, limits, persistence, sandbox, new TopicAcl(directory), registrar);
        // Every session of this run is accepted after startedAt: a later run's heartbeat ends them all (EdgeLease).
        lease = new EdgeLease(presence, config.edgeId(), startedAt, EdgeLease.DEFAULT_LEASE).start();
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup();
        for (MqttListener listener : config.listeners()) {
            TransportFront front = new TransportFront(listener.kind(), listener.kind().secure() ? tls : null,
                    config.maxMessageBytes(), config.connectTimeoutMs());
            Channel channel = new ServerBootstrap().group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new MqttPipeline(context, front, listener.open()))
                    .bind(listener.host(), listener.port()).sync().channel();
            serverChannels.put(listener, channel);
            LOG.info("MQTT edge {} listening on {}{}", config.edgeId(), listener.uri(port(channel)),
                    listener.open() == null ? "" : " (open mode: the sandbox)");
        }
        return this;
    }

    /** The port the first listener is bound to. */
    public int port() {
        return port(serverChannels.values().iterator().next());
    }

    /** The port the first listener of this kind is bound to. */
    public int port(MqttListener.Kind kind) {
        return serverChannels.entrySet().stream().filter(e -> e.getKey().kind() == kind).findFirst()
                .map(e -> port(e.getValue()))
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " listener"));
    }

    /** Each listener and the port it is bound to, in configuration order. */
    public Map<MqttListener, Integer> boundPorts() {
        Map<MqttListener, Integer> ports = new LinkedHashMap<>();
        serverChannels.forEach((listener, channel) -> ports.put(listener, port(channel)));
        return ports;
    }

    private static int port(Channel channel) {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** True once downlinks sent from now on will reach connected devices. */
    public boolean downlinksReady() {
        return downlinks != null && downlinks.assigned();
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public Disconnector disconnector() {
        return disconnector;
    }

    /** Stops accepting, ends every session ({@link Refusal#EDGE_SHUTDOWN}, so each is reported OFFLINE), then stops. */
    @Override
    public void close() throws InterruptedException {
        for (Channel channel : serverChannels.values()) {
            channel.close().sync();
        }
        endSessions();
        if (lease != null) {
            lease.close();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
        if (presence != null) {
            presence.close();
        }
        if (downlinks != null) {
            downlinks.close();
        }
        if (sandboxMessages != null) {
            sandboxMessages.close();
        }
        if (persistence != null) {
            persistence.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (uplinks != null) {
            uplinks.close();
        }
        if (replies != null) {
            replies.close();
        }
        if (registrationAnswers != null) {
            registrationAnswers.close();
        }
        if (registrationRequests != null) {
            registrationRequests.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private void endSessions() throws InterruptedException {
        List<MqttSession> open = sessions.all();
        for (MqttSession session : open) {
            session.channel().eventLoop().execute(() ->
                    disconnector.refuse(session.channel(), Refusal.EDGE_SHUTDOWN, session.clientId()));
        }
        for (MqttSession session : open) {
            session.channel().closeFuture().await(2, TimeUnit.SECONDS);
        }
    }
}
