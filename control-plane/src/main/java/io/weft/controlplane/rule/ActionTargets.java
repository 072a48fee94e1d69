package io.weft.controlplane.rule;

import io.weft.core.tsl.ThingModel;
import java.util.Optional;

/** What a device action ({@code setProperty}, {@code invokeService}) is checked against when it is written. */
public interface ActionTargets {

    /** The thing model of product {@code productKey}; empty when there is no such product. */
    Optional<ThingModel> thingModel(String productKey);

    /** Whether device {@code productKey/deviceName} is registered. */
    boolean deviceExists(String productKey, String deviceName);
}
