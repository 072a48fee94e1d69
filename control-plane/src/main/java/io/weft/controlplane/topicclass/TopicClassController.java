package io.weft.controlplane.topicclass;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicOperation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A product's custom topic classes ({@code /{pk}/${deviceName}/user/{name}} with PUB, SUB or ALL). A change is in
 * the registry, so at every edge, when the call answers (in normal operation; see {@link RegistryPublisher}).
 */
@RestController
@RequestMapping("/api/v1/products/{productKey}/topic-classes")
public class TopicClassController {
    private final TopicClassService classes;
    private final RegistryPublisher registry;

    public TopicClassController(TopicClassService classes, RegistryPublisher registry) {
        this.classes = classes;
        this.registry = registry;
    }

    @GetMapping
    public List<TopicClassView> list(@PathVariable String productKey) {
        return classes.list(productKey).stream().map(TopicClassView::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public TopicClassView create(@PathVariable String productKey, @RequestBody TopicClassRequest request) {
        StoredTopicClass created = classes.create(productKey, request.toClass());
        registry.awaitPublished();
        return TopicClassView.of(created);
    }

    @PutMapping("/{id}")
    public TopicClassView update(@PathVariable String productKey, @PathVariable long id,
                                 @RequestBody TopicClassRequest request) {
        StoredTopicClass updated = classes.update(productKey, id, request.toClass());
        registry.awaitPublished();
        return TopicClassView.of(updated);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String productKey, @PathVariable long id) {
        classes.delete(productKey, id);
        registry.awaitPublished();
    }

    /**
     * {@code name}: the levels after {@code /user/}; {@code operation}: {@code PUB}, {@code SUB} or {@code ALL}
     * (any case); {@code description} optional, up to 100 characters.
     */
    public record TopicClassRequest(String name, String operation, String description) {
        TopicClass toClass() {
            return new TopicClass(name, operation(operation), description);
        }

        private static TopicOperation operation(String operation) {
            if (operation == null) {
                return null;
            }
            try {
                return TopicOperation.valueOf(operation.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid topic class",
                        "operation must be PUB, SUB or ALL, not " + operation,
                        List.of("operation must be PUB, SUB or ALL"));
            }
        }
    }

    /** A class as the API shows it; {@code template} is the class as Alibaba's console shows it. */
    public record TopicClassView(long id, String name, TopicOperation operation, String description,
                                 String template, Instant createdAt) {
        static TopicClassView of(StoredTopicClass c) {
            return new TopicClassView(c.id(), c.topicClass().name(), c.topicClass().operation(),
                    c.topicClass().description(), c.topicClass().template(c.productKey()), c.createdAt());
        }
    }
}
