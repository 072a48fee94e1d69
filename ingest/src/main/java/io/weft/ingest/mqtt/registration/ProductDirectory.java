package io.weft.ingest.mqtt.registration;

import io.weft.core.registry.ProductEntry;

/** Where an edge looks up a product's secret and registration settings: the registry, or a table in tests. */
@FunctionalInterface
public interface ProductDirectory {

    /** The product's entry, or null if there is no such product. */
    ProductEntry product(String productKey);
}
