package io.weft.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.util.AttributeKey;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a connection is refused or ended: answers in the client's protocol, logs a line, counts the reason,
 * and closes the channel. MQTT 3.1/3.1.1: the CONNACK code if the refusal has one, else nothing. MQTT 5: while
 * connecting, CONNACK with the refusal's reason code; once accepted, DISCONNECT with it; a Reason String unless the
 * client set Request Problem Information to 0. Refusals that answer one packet and keep the connection (an MQTT 5
 * PUBACK 0x87, a SUBACK 0x80, a downlink not sent) are counted and logged here too ({@link #answered}); the
 * caller writes the answer. Refusals a client can provoke by the thousand (the limits per address
 * and the brute-force lockouts) are logged at most once a second each, with how many were not. The first refusal
 * of a channel is remembered on it ({@link #reasonOf}), so whoever sees the channel close knows why.
 */
public final class Disconnector {
    private static final Logger LOG = LoggerFactory.getLogger(Disconnector.class);
    private static final AttributeKey<Refusal> REASON = AttributeKey.valueOf(Disconnector.class, "reason");
    private static final AttributeKey<Boolean> ACCEPTED = AttributeKey.valueOf(Disconnector.class, "accepted");
    /** Refusals a client can cause at will by the thousand: logged at most once a second each. */
    private static final Set<Refusal> THROTTLED = EnumSet.of(Refusal.TOO_MANY_CONNECTIONS,
            Refusal.CONNECT_RATE_EXCEEDED, Refusal.AUTH_LOCKED_OUT_ADDRESS, Refusal.AUTH_LOCKED_OUT_DEVICE,
            Refusal.PUBLISH_NOT_AUTHORIZED, Refusal.SUBSCRIBE_NOT_AUTHORIZED, Refusal.PACKET_ID_NOT_FOUND,
            Refusal.DOWNLINK_TOO_LARGE, Refusal.DOWNLINK_QUEUE_OVERFLOW);
    private final Map<Refusal, LongAdder> counts = new EnumMap<>(Refusal.class);
    private final Map<Refusal, LogThrottle> throttles = new EnumMap<>(Refusal.class);

    public Disconnector() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock of the log throttle */
    Disconnector(LongSupplier nanoTime) {
        for (Refusal r : Refusal.values()) {
            counts.put(r, new LongAdder());
        }
        for (Refusal r : THROTTLED) {
            throttles.put(r, new LogThrottle(nanoTime));
        }
    }

    public void refuse(Channel channel, Refusal refusal, String who) {
        counts.get(refusal).increment();
        channel.attr(REASON).setIfAbsent(refusal);
        if (refusal == Refusal.CLIENT_DISCONNECT) {
            LOG.debug("{} {}: {}", channel.remoteAddress(), who, refusal.reason());
        } else if (throttles.containsKey(refusal)) {
            long leftOut = throttles.get(refusal).tryLog();
            if (leftOut >= 0) {
                LOG.warn("closing {} ({}): {} ({} more like it not logged since the last line)",
                        channel.remoteAddress(), who, refusal.reason(), leftOut);
            }
        } else {
            LOG.info("closing {} ({}): {}", channel.remoteAddress(), who, refusal.reason());
        }
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        MqttMessage answer = answer(channel, refusal);
        if (answer != null) {
            channel.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /** The packet that tells the client why, in its protocol version and phase; null for none. */
    private static MqttMessage answer(Channel channel, Refusal refusal) {
        boolean accepted = Boolean.TRUE.equals(channel.attr(ACCEPTED).get());
        if (!ClientOptions.speaksMqtt5(channel)) {
            return !accepted && refusal.connackCode() != null
                    ? MqttMessageBuilders.connAck().returnCode(refusal.connackCode()).sessionPresent(false).build()
                    : null;
        }
        if (refusal.reasonCode() < 0) {
            return null;
        }
        MqttProperties properties =
                refusal.reasonProperties(ClientOptions.wantsReasonString(channel, refusal.reason()));
        if (!accepted) {
            return MqttMessageBuilders.connAck().returnCode(refusal.connackCodeV5()).sessionPresent(false)
                    .properties(properties).build();
        }
        return MqttMessageBuilders.disconnect().reasonCode((byte) refusal.reasonCode()).properties(properties)
                .build();
    }

    /**
     * Counts and logs a refusal that answers one packet, or drops one message, and keeps the connection open; the
     * caller writes the answer (see {@link Refusal.Kind#ANSWER}). Logged at most once a second per refusal.
     */
    public void answered(Channel channel, Refusal refusal, String who) {
        counts.get(refusal).increment();
        LogThrottle throttle = throttles.get(refusal);
        long leftOut = throttle == null ? 0 : throttle.tryLog();
        if (leftOut >= 0) {
            LOG.info("{} ({}): {} ({} more like it not logged since the last line)", channel.remoteAddress(), who,
                    refusal.reason(), leftOut);
        }
    }

    /** From now on refusals of this channel are answered with DISCONNECT (MQTT 5), not CONNACK: CONNACK 0 was sent. */
    static void markAccepted(Channel channel) {
        channel.attr(ACCEPTED).set(Boolean.TRUE);
    }

    /** Why the edge refused or ended this channel; null if it never did (the client went away on its own). */
    public static Refusal reasonOf(Channel channel) {
        return channel.attr(REASON).get();
    }

    public long count(Refusal refusal) {
        return counts.get(refusal).sum();
    }
}
