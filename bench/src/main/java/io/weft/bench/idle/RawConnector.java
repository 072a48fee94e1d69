package io.weft.bench.idle;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.weft.bench.mqtt.BenchDevice;
import io.weft.core.auth.DeviceSigner;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Opens many MQTT 3.1.1 connections cheaply: raw Netty channels that send one Alibaba-signed CONNECT and wait for
 * CONNACK, then stay idle (no PINGREQ: the keepalive is long). Client sockets are bound to a rotating list of
 * loopback source addresses, since one address has only as many ephemeral ports as the kernel's range.
 */
final class RawConnector implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final InetSocketAddress server;
    private final List<String> sources;
    private final int keepAliveSeconds;
    private final List<Channel> open = Collections.synchronizedList(new ArrayList<>());

    RawConnector(InetSocketAddress server, List<String> sources, int keepAliveSeconds) {
        this.server = server;
        this.sources = List.copyOf(sources);
        this.keepAliveSeconds = keepAliveSeconds;
    }

    /** Connected count and failure reasons with counts. */
    record Result(int connected, Map<String, Integer> failures) {
    }

    /** Connects every device, {@code concurrency} at a time; returns when each has its CONNACK or failed. */
    Result connect(List<BenchDevice> devices, int concurrency) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> all = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            permits.acquire();
            CompletableFuture<Void> accepted = connect(devices.get(i),
                    new InetSocketAddress(sources.get(i % sources.size()), 0));
            accepted.whenComplete((ok, error) -> {
                permits.release();
                if (error != null) {
                    String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
                    failures.merge(reason.length() > 120 ? reason.substring(0, 120) : reason, 1, Integer::sum);
                }
            });
            all.add(accepted);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Result(open.size(), new TreeMap<>(failures));
    }

    int open() {
        return (int) open.stream().filter(Channel::isActive).count();
    }

    private CompletableFuture<Void> connect(BenchDevice device, InetSocketAddress source) {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        DeviceSigner.MqttCredentials credentials = device.credentials(System.currentTimeMillis());
        ChannelFuture connecting = new Bootstrap().group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<MqttMessage>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                                        if (msg instanceof MqttConnAckMessage ack && ack.variableHeader()
                                                .connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                                            open.add(ctx.channel());
                                            accepted.complete(null);
                                        } else {
                                            accepted.completeExceptionally(new IllegalStateException(
                                                    "refused: " + msg.fixedHeader().messageType() + " "
                                                            + msg.variableHeader()));
                                            ctx.close();
                                        }
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        accepted.completeExceptionally(new IllegalStateException("closed"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        accepted.completeExceptionally(cause);
                                        ctx.close();
                                    }
                                });
                    }
                })
                .connect(server, source);
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                accepted.completeExceptionally(f.cause());
                return;
            }
            connecting.channel().writeAndFlush(MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_3_1_1)
                    .clientId(credentials.clientId())
                    .cleanSession(true)
                    .keepAlive(keepAliveSeconds)
                    .hasUser(true).username(credentials.username())
                    .hasPassword(true).password(credentials.password().getBytes(StandardCharsets.UTF_8))
                    .build());
        });
        return accepted;
    }

    @Override
    public void close() {
        synchronized (open) {
            open.forEach(c -> c.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 0xE0, 0}))
                    .addListener(f -> c.close()));
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
