package io.weft.controlplane.product;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.registry.ProductEntry;
import io.weft.core.store.TelemetryReader;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Creates and changes products; every change is published to the registry before it commits. */
@Service
public class ProductService {
    private static final Logger LOG = LoggerFactory.getLogger(ProductService.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final SecureRandom random = new SecureRandom();
    private final ProductRepository products;
    private final RegistryPublisher registry;
    private final TelemetryReader store;

    public ProductService(ProductRepository products, RegistryPublisher registry, TelemetryReader store) {
        this.products = products;
        this.registry = registry;
        this.store = store;
    }

    @Transactional
    public Product create(String requestedKey, String name, JsonNode thingModel) {
        String productKey = requestedKey == null ? generateKey() : requestedKey;
        if (!productKey.matches("[A-Za-z0-9_]{4,32}")) {
            throw ApiException.badRequest("productKey must be 4-32 letters, digits or underscores");
        }
        ThingModel model = ThingModelJson.parse(thingModel == null ? emptyModel() : thingModel);
        model = new ThingModel(productKey, model.properties(), model.services(), model.events());
        String json = ThingModelJson.exportString(model);
        if (!products.insert(productKey, name, json)) {
            throw ApiException.conflict("product " + productKey + " already exists");
        }
        registry.publish(new ProductEntry(productKey, name, json, 1, System.currentTimeMillis()));
        prepareStore(productKey, model);
        return products.find(productKey).orElseThrow();
    }

    @Transactional
    public Product updateThingModel(String productKey, JsonNode thingModel) {
        Product product = get(productKey);
        ThingModel parsed = ThingModelJson.parse(thingModel);
        ThingModel model = new ThingModel(productKey, parsed.properties(), parsed.services(), parsed.events());
        String json = ThingModelJson.exportString(model);
        long version = products.updateThingModel(productKey, json);
        registry.publish(new ProductEntry(productKey, product.name(), json, version, System.currentTimeMillis()));
        prepareStore(productKey, model);
        return get(productKey);
    }

    public Product get(String productKey) {
        return products.find(productKey).orElseThrow(() -> ApiException.notFound("product " + productKey));
    }

    /** Typed columns up front, so every property is queryable before its first value; the sink creates them too. */
    private void prepareStore(String productKey, ThingModel model) {
        try {
            store.ensureSchema(productKey, model);
        } catch (RuntimeException e) {
            LOG.warn("could not prepare the store for {} yet: {}", productKey, e.getMessage());
        }
    }

    private JsonNode emptyModel() {
        return io.weft.core.json.Json.object();
    }

    private String generateKey() {
        StringBuilder key = new StringBuilder("a1");
        for (int i = 0; i < 9; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }
}
