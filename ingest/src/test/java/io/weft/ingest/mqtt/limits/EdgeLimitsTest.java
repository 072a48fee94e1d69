package io.weft.ingest.mqtt.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weft.core.auth.DeviceIdentity;
import io.weft.ingest.auth.AuthResult;
import io.weft.ingest.auth.AuthResult.Outcome;
import io.weft.ingest.mqtt.Refusal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which authentication outcomes count against an address and a device, and what is refused then. */
class EdgeLimitsTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("a1Pk", "dev-1");
    private static final String USERNAME = "dev-1&a1Pk";
    private final AtomicLong now = new AtomicLong();
    private final EdgeLimits limits = new EdgeLimits(new ConnectionLimits(2, 100, 100, 4, 2, Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(1)), now::get);

    @Test
    void authenticated_whenSuccessesAndNonCredentialOutcomes_thenNothingCounted() {
        EmbeddedChannel ip = from("10.0.0.1");
        for (int i = 0; i < 100; i++) {
            limits.authenticated(ip, AuthResult.accepted(DEVICE));
            limits.authenticated(ip, AuthResult.refused(Outcome.DISABLED, DEVICE));
            limits.authenticated(ip, AuthResult.refused(Outcome.NOT_READY, null));
        }
        assertThat(limits.lockedOut(ip, USERNAME)).isNull();
        assertThat(limits.entries()).isZero();
    }

    @Test
    void authenticated_whenWrongSignaturesFromManyAddresses_thenTheDeviceIsLockedOutEverywhere() {
        limits.authenticated(from("10.0.0.1"), AuthResult.refused(Outcome.BAD_SIGNATURE, DEVICE));
        limits.authenticated(from("10.0.0.2"), AuthResult.refused(Outcome.BAD_SIGNATURE, DEVICE));

        assertThat(limits.lockedOut(from("10.0.0.3"), USERNAME)).isEqualTo(Refusal.AUTH_LOCKED_OUT_DEVICE);
        assertThat(limits.lockedOut(from("10.0.0.3"), "dev-2&a1Pk")).isNull();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(limits.lockedOut(from("10.0.0.3"), USERNAME)).isNull();
    }

    @Test
    void authenticated_whenUnknownDevicesFromOneAddress_thenTheAddressIsLockedOutForAnyDevice() {
        EmbeddedChannel ip = from("10.0.0.1");
        for (int i = 0; i < 4; i++) {
            limits.authenticated(ip, AuthResult.refused(Outcome.UNKNOWN_DEVICE, new DeviceIdentity("a1Pk", "x" + i)));
        }
        assertThat(limits.lockedOut(ip, USERNAME)).isEqualTo(Refusal.AUTH_LOCKED_OUT_ADDRESS);
        assertThat(limits.lockedOut(from("10.0.0.2"), USERNAME)).isNull();
        assertThat(limits.lockedOut(ip, null)).as("malformed user names are locked out too")
                .isEqualTo(Refusal.AUTH_LOCKED_OUT_ADDRESS);
    }

    @Test
    void lockedOut_whenNotAnIpConnection_thenNeverLimited() {
        EmbeddedChannel inMemory = new EmbeddedChannel();
        for (int i = 0; i < 100; i++) {
            limits.authenticated(inMemory, AuthResult.refused(Outcome.MALFORMED_USERNAME, null));
        }
        assertThat(limits.lockedOut(inMemory, null)).isNull();
    }

    private static EmbeddedChannel from(String ip) {
        SocketAddress remote = new InetSocketAddress(ip, 50_000);
        return new EmbeddedChannel(DefaultChannelId.newInstance(), false, false, new ChannelHandler[] {
                new ChannelHandlerAdapter() { }}) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
    }
}
