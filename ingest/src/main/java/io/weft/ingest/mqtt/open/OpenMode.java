package io.weft.ingest.mqtt.open;

import io.weft.core.auth.DeviceIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Open mode: a listener setting that admits plain MQTT clients, anonymous or with a user name and password, into a
 * sandbox namespace where they publish and subscribe to each other on any topic with ordinary MQTT semantics, as on
 * any broker. The sandbox is walled off from devices: its messages travel on {@code weft.open}, never on
 * {@code weft.up} or {@code weft.down}; its sessions are named {@code $open/{clientId}}; its retained messages are
 * kept under {@code $open/{topic}}. Off unless a listener is given one.
 *
 * @param allowAnonymous whether a CONNECT without a user name is admitted
 * @param users          user name → password of the clients admitted with credentials (may be empty)
 */
public record OpenMode(boolean allowAnonymous, Map<String, String> users) {
    /** The product key standing for the sandbox in session identities. */
    public static final String NAMESPACE = "$open";

    public OpenMode {
        users = Map.copyOf(users);
        if (!allowAnonymous && users.isEmpty()) {
            throw new IllegalArgumentException("open mode admits nobody: allow anonymous clients or give users");
        }
    }

    /** Admits anyone; a user name and password, if sent, are not checked. */
    public static OpenMode anonymous() {
        return new OpenMode(true, Map.of());
    }

    /** Admits only these users. */
    public static OpenMode users(Map<String, String> users) {
        return new OpenMode(false, users);
    }

    /** Whether a CONNECT may enter, by its credentials. */
    public enum Admission { ADMITTED, BAD_CREDENTIALS, NOT_AUTHORIZED }

    public Admission admit(String username, byte[] password) {
        if (username == null || username.isEmpty()) {
            return allowAnonymous ? Admission.ADMITTED : Admission.NOT_AUTHORIZED;
        }
        String expected = users.get(username);
        if (expected == null) {
            return allowAnonymous && users.isEmpty() ? Admission.ADMITTED : Admission.BAD_CREDENTIALS;
        }
        byte[] presented = password == null ? new byte[0] : password;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented)
                ? Admission.ADMITTED : Admission.BAD_CREDENTIALS;
    }

    /** The session identity of a sandbox client. */
    public static DeviceIdentity identity(String clientId) {
        return new DeviceIdentity(NAMESPACE, clientId);
    }

    /** True for a sandbox client's identity. */
    public static boolean contains(DeviceIdentity identity) {
        return NAMESPACE.equals(identity.productKey());
    }

    /** A topic name (or filter) of the sandbox as the retained messages keep it, apart from devices' topics. */
    public static String retainedKey(String topic) {
        return NAMESPACE + "/" + topic;
    }

    /** The sandbox topic of a retained message's key. */
    public static String topicOf(String retainedKey) {
        return retainedKey.substring(NAMESPACE.length() + 1);
    }

    /** A topic a sandbox client may publish on: any valid name that is not a {@code $} system topic. */
    public static boolean publishable(String topic) {
        return !topic.startsWith("$");
    }
}
