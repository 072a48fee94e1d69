package io.weft.ingest.mqtt.registration;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.weft.core.registration.RegistrationAnswer;
import io.weft.core.registration.RegistrationMode;
import io.weft.core.registration.RegistrationRequest;
import io.weft.ingest.auth.DeviceDirectory;
import io.weft.ingest.mqtt.Disconnector;
import io.weft.ingest.mqtt.Refusal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A registering connection, in place of the connect barrier while the control plane decides. It is not a session:
 * it is not in the session registry, reports no presence and receives no downlink; packets the device sends
 * meanwhile are dropped (a DISCONNECT or a second CONNECT ends it). Exactly one of these ends it, on the event loop:
 * <ul>
 *   <li>accepted: CONNACK 0, then the answer on {@code /ext/register} or {@code /ext/regnwl} at QoS 0, then close
 *       ({@link Refusal#REGISTRATION_ANSWERED}) when the device disconnects, and at the latest
 *       {@link #ANSWERED_GRACE} after the answer. Alibaba's SDKs disconnect once they have the answer; closing at
 *       once instead races clients that complete CONNECT on another thread than they read (Eclipse Paho's connect
 *       then never returns). A registration-free device is created by the control plane: the
 *       answer waits (within the deadline) until this edge's registry knows the device, so that it can connect with
 *       its token at once;</li>
 *   <li>refused: the refusal's CONNACK code, then close;</li>
 *   <li>no answer within the wait, or the request could not be written: CONNACK 0x03, then close.</li>
 * </ul>
 */
final class ProvisionalSession extends ChannelInboundHandlerAdapter {
    private static final long REGISTRY_POLL_MS = 10;
    /** How long an answered registration stays open for the device to disconnect by itself. */
    static final Duration ANSWERED_GRACE = Duration.ofSeconds(1);

    private final RegistrationRequest request;
    private final String clientId;
    private final DeviceDirectory devices;
    private final PendingRegistrations pending;
    private final Disconnector disconnector;
    private final Duration wait;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeout;
    private long deadlineNanos;
    private boolean done;
    private boolean answered;
    private boolean closed;
    private ScheduledFuture<?> closeLater;

    ProvisionalSession(RegistrationRequest request, String clientId, DeviceDirectory devices,
                       PendingRegistrations pending, Disconnector disconnector, Duration wait) {
        this.request = request;
        this.clientId = clientId;
        this.devices = devices;
        this.pending = pending;
        this.disconnector = disconnector;
        this.wait = wait;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts waiting for the answer: registers with the pending table and arms the deadline. */
    void await() {
        deadlineNanos = System.nanoTime() + wait.toNanos();
        pending.expect(request.requestId(), answer -> ctx.channel().eventLoop().execute(() -> answer(answer)));
        timeout = ctx.channel().eventLoop().schedule(() -> unavailable("no answer within " + wait),
                wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void answer(RegistrationAnswer answer) {
        if (done) {
            return;
        }
        if (!answer.accepted()) {
            end(refusal(answer.outcome()), "");
            return;
        }
        if (answer.mode() == RegistrationMode.REGNWL
                && devices.device(answer.productKey(), answer.deviceName()) == null) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                end(Refusal.REGISTRATION_UNAVAILABLE, " (created, but not in this edge's registry in time)");
            } else {
                ctx.channel().eventLoop().schedule(() -> answer(answer), REGISTRY_POLL_MS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        done = true;
        answered = true;
        timeout.cancel(false);
        ctx.write(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false).build());
        ctx.writeAndFlush(MqttMessageBuilders.publish().topicName(answer.mode().answerTopic())
                        .qos(MqttQoS.AT_MOST_ONCE).retained(false).messageId(0)
                        .payload(Unpooled.wrappedBuffer(answer.devicePayload())).build())
                .addListener(written -> {
                    closeLater = ctx.channel().eventLoop().schedule(this::closeAnswered, ANSWERED_GRACE.toMillis(),
                            TimeUnit.MILLISECONDS);
                });
    }

    private void closeAnswered() {
        if (!closed) {
            closed = true;
            disconnector.refuse(ctx.channel(), Refusal.REGISTRATION_ANSWERED, clientId);
        }
    }

    void unavailable(String why) {
        end(Refusal.REGISTRATION_UNAVAILABLE, " (" + why + ")");
    }

    private void end(Refusal refusal, String detail) {
        if (done) {
            return;
        }
        done = true;
        pending.cancel(request.requestId());
        if (timeout != null) {
            timeout.cancel(false);
        }
        disconnector.refuse(ctx.channel(), refusal, clientId + detail);
    }

    static Refusal refusal(RegistrationAnswer.Outcome outcome) {
        return switch (outcome) {
            case NOT_ENABLED -> Refusal.REGISTRATION_NOT_ENABLED;
            case UNKNOWN_DEVICE -> Refusal.REGISTRATION_UNKNOWN_DEVICE;
            case ALREADY_REGISTERED -> Refusal.REGISTRATION_ALREADY_REGISTERED;
            case INVALID_DEVICE_NAME -> Refusal.REGISTRATION_INVALID_DEVICE_NAME;
            case ACCEPTED -> throw new IllegalArgumentException("not a refusal");
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (answered) {
                if (msg instanceof MqttMessage message && message.decoderResult().isSuccess()
                        && message.fixedHeader().messageType() == MqttMessageType.DISCONNECT) {
                    closeAnswered();
                }
            } else if (msg instanceof MqttMessage message && message.decoderResult().isSuccess()) {
                MqttMessageType type = message.fixedHeader().messageType();
                if (type == MqttMessageType.DISCONNECT) {
                    end(Refusal.CLIENT_DISCONNECT, "");
                } else if (type == MqttMessageType.CONNECT) {
                    end(Refusal.SECOND_CONNECT, "");
                }
            } else {
                end(Refusal.MALFORMED_PACKET, "");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The connect timer may fire while the device waits: the answer's own deadline bounds the wait instead. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closeLater != null) {
            closeLater.cancel(false);
        }
        if (!done) {
            done = true;
            pending.cancel(request.requestId());
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        ctx.fireChannelInactive();
    }
}
