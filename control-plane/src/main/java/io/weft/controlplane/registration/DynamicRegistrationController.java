package io.weft.controlplane.registration;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.product.ProductController.ProductView;
import io.weft.controlplane.product.ProductService;
import io.weft.controlplane.registry.RegistryPublisher;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Turns a product's dynamic registration on or off: {@code PUT /api/v1/products/{pk}/dynamic-registration} with
 * {@code {"dynamicRegistration":true,"registrationFree":false}}. Answers the product, with its product secret.
 */
@RestController
public class DynamicRegistrationController {
    private final ProductService products;
    private final RegistryPublisher registry;

    public DynamicRegistrationController(ProductService products, RegistryPublisher registry) {
        this.products = products;
        this.registry = registry;
    }

    @PutMapping("/api/v1/products/{productKey}/dynamic-registration")
    public ProductView set(@PathVariable String productKey, @RequestBody(required = false) Settings settings) {
        if (settings == null || settings.dynamicRegistration() == null || settings.registrationFree() == null) {
            throw ApiException.badRequest("send {\"dynamicRegistration\": true|false, \"registrationFree\": true|false}");
        }
        ProductView view = ProductView.of(products.setRegistration(productKey, settings.dynamicRegistration(),
                settings.registrationFree()));
        registry.awaitPublished();
        return view;
    }

    /** {@code dynamicRegistration}: {@code authType=register}; {@code registrationFree}: {@code authType=regnwl}. */
    public record Settings(Boolean dynamicRegistration, Boolean registrationFree) {
    }
}
