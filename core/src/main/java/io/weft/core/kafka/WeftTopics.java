package io.weft.core.kafka;

import java.util.List;

/** Weft's Kafka topic names under one prefix (default {@code weft.}); see ARCHITECTURE.md for what each holds. */
public record WeftTopics(String prefix) {

    public static final WeftTopics DEFAULT = new WeftTopics("weft.");

    public String up() {
        return prefix + "up";
    }

    public String telemetry() {
        return prefix + "telemetry";
    }

    public String rejected() {
        return prefix + "rejected";
    }

    public String events() {
        return prefix + "events";
    }

    public String down() {
        return prefix + "down";
    }

    public String replies() {
        return prefix + "replies";
    }

    public String registry() {
        return prefix + "registry";
    }

    public String alerts() {
        return prefix + "alerts";
    }

    /** Requests to raise, clear or acknowledge an alert (see AlertSignal), keyed by alert key. */
    public String alertSignals() {
        return prefix + "alert-signals";
    }

    /** Alert notifications that failed on every attempt (see NotificationFailure), keyed by alert key. */
    public String alertDeadLetters() {
        return prefix + "alert-dead-letters";
    }

    /** Persistent MQTT sessions (subscriptions, where their offline queue starts), compacted, keyed by session. */
    public String sessions() {
        return prefix + "sessions";
    }

    /** Retained MQTT messages, compacted, keyed by topic name. */
    public String retained() {
        return prefix + "retained";
    }

    /** Messages between clients of open-mode MQTT listeners (the sandbox), keyed by topic name. */
    public String open() {
        return prefix + "open";
    }

    /** Dynamic registration: edges' requests and the control plane's answers (see RegistrationMessage). */
    public String registrations() {
        return prefix + "registrations";
    }

    public List<String> all() {
        return List.of(up(), telemetry(), rejected(), events(), down(), replies(), registry(), alerts(), alertSignals(),
                alertDeadLetters(), sessions(), retained(), open(), registrations());
    }

    /** The topics that keep the latest record per key (cleanup.policy=compact) instead of expiring by time. */
    public List<String> compacted() {
        return List.of(registry(), sessions(), retained());
    }
}
