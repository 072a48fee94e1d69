package io.weft.flinkjobs.rules.functions;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * Alibaba's {@code attribute(key)}: the device's tag {@code key}, called as
 * {@code weft_attribute(productKey, deviceName, key)}. Weft's registry has no device tags yet, so every call gives
 * NULL (docs/rules.md says so); when tags reach the registry, this reads them from there.
 */
public final class WeftAttribute extends ScalarFunction {

    public String eval(String productKey, String deviceName, String key) {
        return null;
    }
}
