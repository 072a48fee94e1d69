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

    /** Dynamic registration: edges' requests and the control plane's answers (see RegistrationMessage). */
    public String registrations() {
        return prefix + "registrations";
    }

    public List<String> all() {
        return List.of(up(), telemetry(), rejected(), events(), down(), replies(), registry(), alerts(),
                registrations());
    }
}
