package io.weft.core.auth;

/** A device's identity within Weft: product key and device name. Its Kafka key is {@code pk/dn}. */
public record DeviceIdentity(String productKey, String deviceName) {

    public String key() {
        return productKey + "/" + deviceName;
    }

    @Override
    public String toString() {
        return key();
    }
}
