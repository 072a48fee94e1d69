package io.weft.controlplane.product;

import io.weft.core.registry.ProductEntry;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import java.time.Instant;

/**
 * A stored product with its parsed thing model, its product secret (signs dynamic registrations) and which kinds of
 * dynamic registration it allows.
 */
public record Product(String productKey, String name, ThingModel thingModel, long version, Instant createdAt,
                      String productSecret, boolean dynamicRegistration, boolean registrationFree) {

    /** What edges and jobs learn of it on {@code weft.registry}. */
    public ProductEntry registryEntry() {
        return new ProductEntry(productKey, name, ThingModelJson.exportString(thingModel), version,
                System.currentTimeMillis(), productSecret, dynamicRegistration, registrationFree);
    }
}
