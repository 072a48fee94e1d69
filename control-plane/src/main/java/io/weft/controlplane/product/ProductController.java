package io.weft.controlplane.product;

import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.tsl.ThingModelJson;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Products and their thing models (Alibaba TSL JSON). */
@RestController
@RequestMapping("/api/v1/products")
public class ProductController {
    static final int MAX_NAME_LENGTH = 128;
    private final ProductService products;
    private final RegistryPublisher registry;

    public ProductController(ProductService products, RegistryPublisher registry) {
        this.products = products;
        this.registry = registry;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ProductView create(@RequestBody CreateProduct request) {
        if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME_LENGTH) {
            throw io.weft.controlplane.api.ApiException.badRequest("name is required, at most " + MAX_NAME_LENGTH
                    + " characters");
        }
        Product created = products.create(request.productKey(), request.name(), request.thingModel());
        registry.awaitPublished();
        return ProductView.of(created);
    }

    @GetMapping("/{productKey}")
    public ProductView get(@PathVariable String productKey) {
        return ProductView.of(products.get(productKey));
    }

    @PutMapping("/{productKey}/thing-model")
    public ProductView updateThingModel(@PathVariable String productKey, @RequestBody JsonNode thingModel) {
        Product updated = products.updateThingModel(productKey, thingModel);
        registry.awaitPublished();
        return ProductView.of(updated);
    }

    /** {@code productKey} is optional (generated like Alibaba's when absent); {@code thingModel} is TSL JSON. */
    public record CreateProduct(String productKey, String name, JsonNode thingModel) {
    }

    /**
     * {@code productSecret} signs dynamic registrations (Alibaba's ProductSecret); {@code dynamicRegistration} and
     * {@code registrationFree} say which kinds the product allows (both off by default).
     */
    public record ProductView(String productKey, String name, long version, Instant createdAt, JsonNode thingModel,
                              String productSecret, boolean dynamicRegistration, boolean registrationFree) {
        public static ProductView of(Product p) {
            return new ProductView(p.productKey(), p.name(), p.version(), p.createdAt(),
                    ThingModelJson.export(p.thingModel()), p.productSecret(), p.dynamicRegistration(),
                    p.registrationFree());
        }
    }
}
