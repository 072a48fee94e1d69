package io.weft.core.rule;

/**
 * A request to raise or clear one alert, on {@code weft.alert-signals}, keyed {@link #key()}: what rule jobs (an
 * {@link Destination.Alert} destination), the offline detector and operators send. The alert job turns signals
 * into alerts (one open alert per key, flaps suppressed) on {@code weft.alerts}.
 *
 * @param name       the alert's name, such as the rule's alert destination name or {@code device-offline}
 * @param source     who sent it: {@code rule:<ruleId>}, {@code offline} or {@code operator:<user>}
 * @param deviceName null for an alert about a product or rule rather than one device
 * @param details    the rule result that raised it, as a JSON object's text (may be null)
 * @param eventTime  epoch ms, the device's time of the message that caused it
 */
public record AlertSignal(String name, Severity severity, Action action, String source, String productKey,
                          String deviceName, String details, long eventTime) {

    public enum Action {
        RAISE, CLEAR, ACKNOWLEDGE
    }

    /** {@code name/pk/dn} ({@code name/pk/} without a device): at most one alert per key is open at a time. */
    public String key() {
        return name + "/" + productKey + "/" + (deviceName == null ? "" : deviceName);
    }
}
