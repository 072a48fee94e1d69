package io.weft.controlplane.topicclass;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.registry.RegistryPublisher;
import io.weft.core.registry.TopicClassesEntry;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicKind;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A product's custom topic classes. Every product starts with Alibaba's defaults (inserted by the database when
 * the product is created; see {@code V5__topic_classes.sql}). Each change locks the product, so changes to one
 * product apply one at a time, and publishes the product's whole list to the registry as a
 * {@link TopicClassesEntry} in the same transaction.
 */
@Service
public class TopicClassService {
    private final TopicClassRepository classes;
    private final RegistryPublisher registry;

    public TopicClassService(TopicClassRepository classes, RegistryPublisher registry) {
        this.classes = classes;
        this.registry = registry;
    }

    @Transactional(readOnly = true)
    public List<StoredTopicClass> list(String productKey) {
        if (!classes.productExists(productKey)) {
            throw ApiException.notFound("product " + productKey);
        }
        return classes.list(productKey);
    }

    @Transactional
    public StoredTopicClass create(String productKey, TopicClass topicClass) {
        lock(productKey);
        validate(topicClass);
        if (classes.list(productKey).size() >= TopicClass.MAX_PER_PRODUCT) {
            throw new ApiException(HttpStatus.CONFLICT, "Too many topic classes",
                    "product " + productKey + " already has " + TopicClass.MAX_PER_PRODUCT + " topic classes");
        }
        long id = classes.insert(productKey, topicClass).orElseThrow(() -> duplicate(productKey, topicClass));
        publish(productKey);
        return classes.find(productKey, id).orElseThrow();
    }

    @Transactional
    public StoredTopicClass update(String productKey, long id, TopicClass topicClass) {
        lock(productKey);
        validate(topicClass);
        classes.find(productKey, id).orElseThrow(() -> notFound(productKey, id));
        if (!classes.update(productKey, id, topicClass)) {
            throw duplicate(productKey, topicClass);
        }
        publish(productKey);
        return classes.find(productKey, id).orElseThrow();
    }

    @Transactional
    public void delete(String productKey, long id) {
        lock(productKey);
        if (!classes.delete(productKey, id)) {
            throw notFound(productKey, id);
        }
        publish(productKey);
    }

    /**
     * True if {@code topic} is a custom topic of device {@code pk/dn} ({@code /{pk}/{dn}/user/...}, no wildcards)
     * that one of the product's SUB or ALL classes matches, i.e. one the device may subscribe to.
     */
    @Transactional(readOnly = true)
    public boolean deviceMaySubscribe(String productKey, String deviceName, String topic) {
        return DeviceTopic.parse(topic)
                .filter(t -> t.kind() == TopicKind.USER && t.belongsTo(productKey, deviceName)
                        && deviceName.equals(t.deviceName()))
                .map(t -> classes.list(productKey).stream().map(StoredTopicClass::topicClass)
                        .anyMatch(c -> c.operation().subscribe() && c.matches(t.id())))
                .orElse(false);
    }

    private void publish(String productKey) {
        registry.publish(new TopicClassesEntry(productKey,
                classes.list(productKey).stream().map(StoredTopicClass::topicClass).toList(),
                System.currentTimeMillis()));
    }

    private void lock(String productKey) {
        if (!classes.lockProduct(productKey)) {
            throw ApiException.notFound("product " + productKey);
        }
    }

    private static void validate(TopicClass topicClass) {
        List<String> problems = topicClass.problems();
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid topic class", String.join("; ", problems),
                    problems);
        }
    }

    private static ApiException duplicate(String productKey, TopicClass topicClass) {
        return ApiException.conflict("product " + productKey + " already has a topic class " + topicClass.name());
    }

    private static ApiException notFound(String productKey, long id) {
        return ApiException.notFound("topic class " + id + " of product " + productKey);
    }
}
