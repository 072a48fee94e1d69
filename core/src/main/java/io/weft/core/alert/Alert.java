package io.weft.core.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.weft.core.rule.Severity;

/**
 * One alert as the alert job last wrote it to {@code weft.alerts}, keyed {@link #key()}: every change of an alert is
 * a new record of the whole alert with a higher {@link #revision()}, so a reader keeps, per {@link #id()}, the record
 * with the highest revision and may apply records twice or replay the topic. At most one alert per key is open
 * (state {@code open} or {@code acknowledged}) at a time; once {@code cleared} an alert never changes again, and the
 * next raise of its key opens a new alert with a new id.
 *
 * @param id             unique per alert (a new one each time the key opens again)
 * @param key            {@code name/pk/dn}, as {@link io.weft.core.rule.AlertSignal#key()}
 * @param severity       the severity of the last raise
 * @param flapping       the key is flapping: clears are held and nothing is notified until it is stable
 * @param count          how many raises this alert absorbed (1 when opened; deduplicated raises add one each)
 * @param firstRaisedAt  epoch ms (the alert job's clock) when the alert opened
 * @param lastRaisedAt   epoch ms of the last raise
 * @param lastEventTime  the device's time of the signal that last raised it, epoch ms
 * @param acknowledgedAt epoch ms, null until acknowledged
 * @param acknowledgedBy the acknowledging signal's source, e.g. {@code operator:alice}
 * @param clearedAt      epoch ms, null until cleared
 * @param clearedBy      the clearing signal's source ({@code rule:<id>}, {@code offline}, {@code operator:<user>})
 * @param source         who raised it: {@code rule:<ruleId>} or {@code offline}
 * @param deviceName     null for an alert about a product or rule rather than one device
 * @param details        the last raising signal's details, a JSON object's text (may be null)
 * @param revision       1 for the opening record, one more for each change
 * @param change         what this record changed
 * @param updatedAt      epoch ms of this change
 */
public record Alert(String id, String key, String name, Severity severity, State state,
                    boolean flapping, long count, long firstRaisedAt, long lastRaisedAt, long lastEventTime,
                    Long acknowledgedAt, String acknowledgedBy, Long clearedAt, String clearedBy, String source,
                    String productKey, String deviceName, String details, long revision, Change change,
                    long updatedAt) {

    /** Where an alert is in its life: open, then possibly acknowledged, then cleared (final). */
    public enum State {
        @JsonProperty("open")
        OPEN,
        @JsonProperty("acknowledged")
        ACKNOWLEDGED,
        @JsonProperty("cleared")
        CLEARED
    }

    /** What one record of an alert changed. */
    public enum Change {
        /** The key had no open alert and was raised: a new alert (flapping if its key flaps). */
        @JsonProperty("opened")
        OPENED,
        /** A raise while open: deduplicated into this alert (count, last raise, severity, details). */
        @JsonProperty("repeated")
        REPEATED,
        @JsonProperty("acknowledged")
        ACKNOWLEDGED,
        /** A clear while flapping: held, the alert stays open until the key is stable. */
        @JsonProperty("clear-held")
        CLEAR_HELD,
        /** The key stopped flapping while raised: the alert stays open, no longer flapping. */
        @JsonProperty("stable")
        STABLE,
        @JsonProperty("cleared")
        CLEARED
    }

    /** Open or acknowledged: not cleared yet. */
    @JsonIgnore
    public boolean isOpen() {
        return state != State.CLEARED;
    }
}
