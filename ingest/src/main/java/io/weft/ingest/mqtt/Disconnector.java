package io.weft.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
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
 * The one place a connection is refused or ended: sends the CONNACK code if the refusal has one, logs a line,
 * counts the reason, and closes the channel. Refusals a client can provoke by the thousand (the limits per address
 * and the brute-force lockouts) are logged at most once a second each, with how many were not. The first refusal
 * of a channel is remembered on it ({@link #reasonOf}), so whoever sees the channel close knows why.
 */
public final class Disconnector {
    private static final Logger LOG = LoggerFactory.getLogger(Disconnector.class);
    private static final AttributeKey<Refusal> REASON = AttributeKey.valueOf(Disconnector.class, "reason");
    /** Refusals a client can cause at will by the thousand: logged at most once a second each. */
    private static final Set<Refusal> THROTTLED = EnumSet.of(Refusal.TOO_MANY_CONNECTIONS,
            Refusal.CONNECT_RATE_EXCEEDED, Refusal.AUTH_LOCKED_OUT_ADDRESS, Refusal.AUTH_LOCKED_OUT_DEVICE);
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
        if (refusal.connackCode() != null && channel.isActive()) {
            channel.writeAndFlush(MqttMessageBuilders.connAck().returnCode(refusal.connackCode())
                    .sessionPresent(false).build()).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /** Why the edge refused or ended this channel; null if it never did (the client went away on its own). */
    public static Refusal reasonOf(Channel channel) {
        return channel.attr(REASON).get();
    }

    public long count(Refusal refusal) {
        return counts.get(refusal).sum();
    }
}
