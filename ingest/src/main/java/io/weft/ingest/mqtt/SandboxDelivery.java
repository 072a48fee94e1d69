package io.weft.ingest.mqtt;

import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import java.util.function.Consumer;

/**
 * Hands each sandbox message from {@code weft.open} to every sandbox session of this edge: a clean session takes it
 * if a subscription matches (without waking its event loop otherwise), a persistent one also records how far its
 * queue is handled. This is how sandbox clients on any edge reach each other.
 */
final class SandboxDelivery implements Consumer<PositionedDownlink> {
    private final SessionRegistry sessions;

    SandboxDelivery(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public void accept(PositionedDownlink message) {
        if (!OpenMode.NAMESPACE.equals(message.downlink().productKey())) {
            return;
        }
        for (MqttSession session : sessions.ofProduct(OpenMode.NAMESPACE)) {
            session.deliver(message);
        }
    }
}
