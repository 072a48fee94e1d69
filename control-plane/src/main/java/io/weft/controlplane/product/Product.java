package io.weft.controlplane.product;

import io.weft.core.tsl.ThingModel;
import java.time.Instant;

/** A stored product with its parsed thing model. */
public record Product(String productKey, String name, ThingModel thingModel, long version, Instant createdAt) {
}
