package io.weft.ingest.mqtt.registration;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.weft.core.auth.DeviceIdentity;
import io.weft.core.auth.MqttClientId;
import io.weft.core.auth.MqttConnectVerifier;
import io.weft.core.auth.ProductSigner;
import io.weft.core.envelope.MessageIds;
import io.weft.core.registration.RegistrationMode;
import io.weft.core.registration.RegistrationRequest;
import io.weft.core.registry.ProductEntry;
import io.weft.ingest.auth.AuthResult;
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.auth.DeviceDirectory;
import io.weft.ingest.mqtt.Disconnector;
import io.weft.ingest.mqtt.Refusal;
import io.weft.ingest.mqtt.limits.EdgeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Dynamic registration at the MQTT edge (Alibaba's "one secret per product"): a CONNECT whose clientId carries
 * {@code authType=register} or {@code authType=regnwl}. The edge checks what it can from the registry it follows —
 * the product exists, its secret signed the password ({@link ProductSigner}), the product allows this kind of
 * registration, the device exists ({@code register}) or does not ({@code regnwl}) — then asks the control plane,
 * which decides in one database transaction, so a device secret is handed out once however many edges a device
 * tries. Meanwhile the connection is a {@link ProvisionalSession}: no CONNACK yet, so that a refusal can still be a
 * CONNACK code. The wait is bounded by {@code answerWait} (5 s in an edge): with no answer by then the device gets
 * CONNACK 0x03 (server unavailable) and may try again; the control plane's decision, if it comes later, is
 * idempotent for the same request only, so a late "accepted" is simply never shown to anyone.
 *
 * <p>Refusals here count towards the brute-force lockouts like a failed sign-in (wrong signature, unknown product or
 * user name); policy refusals (not enabled, unknown or already registered device) do not.
 */
public final class Registrar {
    /** How long an edge waits for the control plane's answer. */
    public static final Duration ANSWER_WAIT = Duration.ofSeconds(5);
    static final String HANDLER_NAME = "registration";

    private final DeviceAuthenticator authenticator;
    private final DeviceDirectory devices;
    private final ProductDirectory products;
    private final Disconnector disconnector;
    private final EdgeLimits limits;
    private final MessageIds messageIds;
    private final RegistrationSink sink;
    private final PendingRegistrations pending;
    private final String edgeId;
    private final Duration answerWait;

    public Registrar(DeviceAuthenticator authenticator, DeviceDirectory devices, ProductDirectory products,
                     Disconnector disconnector, EdgeLimits limits, MessageIds messageIds, RegistrationSink sink,
                     PendingRegistrations pending, String edgeId, Duration answerWait) {
        this.authenticator = authenticator;
        this.devices = devices;
        this.products = products;
        this.disconnector = disconnector;
        this.limits = limits;
        this.messageIds = messageIds;
        this.sink = sink;
        this.pending = pending;
        this.edgeId = edgeId;
        this.answerWait = answerWait;
    }

    /** True if the CONNECT asks for a dynamic registration ({@code authType=register|regnwl}). */
    public boolean handles(MqttConnectMessage connect) {
        String clientId = connect.payload().clientIdentifier();
        return clientId != null && ProductSigner.registrationMode(MqttClientId.parse(clientId)).isPresent();
    }

    /**
     * Checks the registration CONNECT and, if the edge cannot refuse it itself, replaces the connect barrier
     * {@code ctx} with a {@link ProvisionalSession} and asks the control plane. Runs on the channel's event loop.
     */
    public void register(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        Channel channel = ctx.channel();
        String clientId = connect.payload().clientIdentifier();
        String username = connect.payload().userName();
        MqttClientId parsed = MqttClientId.parse(clientId);
        RegistrationMode mode = ProductSigner.registrationMode(parsed).orElseThrow();
        Refusal lockedOut = limits.lockedOut(channel, username);
        if (lockedOut != null) {
            disconnector.refuse(channel, lockedOut, clientId);
            return;
        }
        if (!authenticator.ready()) {
            disconnector.refuse(channel, Refusal.SERVER_NOT_READY, clientId);
            return;
        }
        Optional<DeviceIdentity> claimed = MqttConnectVerifier.claimedIdentity(username);
        if (claimed.isEmpty()) {
            failSignIn(channel, AuthResult.refused(AuthResult.Outcome.MALFORMED_USERNAME, null), clientId);
            return;
        }
        DeviceIdentity device = claimed.get();
        ProductEntry product = products.product(device.productKey());
        if (product == null || product.productSecret() == null) {
            failSignIn(channel, AuthResult.refused(AuthResult.Outcome.UNKNOWN_DEVICE, device), clientId);
            return;
        }
        byte[] password = connect.payload().passwordInBytes();
        MqttConnectVerifier.Verdict verdict = ProductSigner.verify(parsed, device,
                password == null ? null : new String(password, StandardCharsets.UTF_8), product.productSecret());
        if (verdict != MqttConnectVerifier.Verdict.ACCEPTED) {
            failSignIn(channel, AuthResult.refused(verdict == MqttConnectVerifier.Verdict.UNSUPPORTED_SIGN_METHOD
                    ? AuthResult.Outcome.UNSUPPORTED_SIGN_METHOD : AuthResult.Outcome.BAD_SIGNATURE, device), clientId);
            return;
        }
        if (!product.admits(mode)) {
            disconnector.refuse(channel, Refusal.REGISTRATION_NOT_ENABLED, clientId);
            return;
        }
        boolean exists = devices.device(device.productKey(), device.deviceName()) != null;
        if (mode == RegistrationMode.REGISTER && !exists) {
            disconnector.refuse(channel, Refusal.REGISTRATION_UNKNOWN_DEVICE, clientId);
            return;
        }
        if (mode == RegistrationMode.REGNWL && exists) {
            disconnector.refuse(channel, Refusal.REGISTRATION_ALREADY_REGISTERED, clientId);
            return;
        }
        RegistrationRequest request = new RegistrationRequest(messageIds.next(), mode, device.productKey(),
                device.deviceName(), edgeId, System.currentTimeMillis());
        ProvisionalSession session = new ProvisionalSession(request, clientId, devices, pending, disconnector,
                answerWait);
        ctx.pipeline().replace(ctx.handler(), HANDLER_NAME, session);
        session.await();
        sink.send(request).whenComplete((metadata, error) -> {
            if (error != null) {
                channel.eventLoop().execute(() -> session.unavailable("request not written: " + error));
            }
        });
    }

    private void failSignIn(Channel channel, AuthResult result, String clientId) {
        limits.authenticated(channel, result);
        disconnector.refuse(channel, Refusal.BAD_CREDENTIALS, clientId + " " + result.outcome());
    }
}
