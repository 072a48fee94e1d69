package io.weft.controlplane.product;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.registry.RegistryPublisher;
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
        if (!products.insert(productKey, name, json, randomSecret())) {
            throw ApiException.conflict("product " + productKey + " already exists");
        }
        Product created = products.find(productKey).orElseThrow();
        registry.publish(created.registryEntry());
        prepareStore(productKey, model);
        return created;
    }

    @Transactional
    public Product updateThingModel(String productKey, JsonNode thingModel) {
        get(productKey);
        ThingModel parsed = ThingModelJson.parse(thingModel);
        ThingModel model = new ThingModel(productKey, parsed.properties(), parsed.services(), parsed.events());
        String json = ThingModelJson.exportString(model);
        products.updateThingModel(productKey, json);
        Product updated = get(productKey);
        registry.publish(updated.registryEntry());
        prepareStore(productKey, model);
        return updated;
    }

    /**
     * Turns the two kinds of dynamic registration on or off: {@code dynamicRegistration} admits
     * {@code authType=register}, {@code registrationFree} admits {@code authType=regnwl}. Edges follow at once.
     */
    @Transactional
    public Product setRegistration(String productKey, boolean dynamicRegistration, boolean registrationFree) {
        if (!products.setRegistration(productKey, dynamicRegistration, registrationFree)) {
            throw ApiException.notFound("product " + productKey);
        }
        Product updated = get(productKey);
        registry.publish(updated.registryEntry());
        return updated;
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

    /** 128 random bits as 32 hex characters, like device secrets. */
    private String randomSecret() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private String generateKey() {
        StringBuilder key = new StringBuilder("a1");
        for (int i = 0; i < 9; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }
}
