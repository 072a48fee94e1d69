package io.weft.core.registry;

import io.weft.core.topic.TopicClass;
import java.util.List;

/**
 * A product's custom topic classes, all of them, replaced as a whole on every change. An edge that has no such
 * entry for a product applies {@link TopicClass#DEFAULTS}, which is what the control plane gives a new product.
 */
public record TopicClassesEntry(String productKey, List<TopicClass> classes, long updatedAt)
        implements RegistryEntry {

    public TopicClassesEntry {
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    @Override
    public String key() {
        return RegistryEntry.topicClassesKey(productKey);
    }
}
