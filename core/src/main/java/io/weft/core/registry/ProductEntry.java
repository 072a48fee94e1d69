package io.weft.core.registry;

/**
 * A product and its thing model, in Alibaba's TSL JSON ({@code thingModel}); {@code version} grows with every
 * change.
 */
public record ProductEntry(String productKey, String name, String thingModel, long version, long updatedAt)
        implements RegistryEntry {

    @Override
    public String key() {
        return RegistryEntry.productKey(productKey);
    }
}
