package io.weft.core.registration;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code weft.registrations}, keyed {@code pk/dn}: an edge asks the control plane to register a device
 * ({@link RegistrationRequest}) and the control plane answers ({@link RegistrationAnswer}) with the same
 * {@code requestId}. Both directions share the topic so that a request and its answer need no second topic and no
 * consumer group: every edge and every control-plane replica reads it from the end, an edge acts on the answers to
 * its own requests, the control plane on requests.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RegistrationRequest.class, name = "request"),
        @JsonSubTypes.Type(value = RegistrationAnswer.class, name = "answer")
})
public sealed interface RegistrationMessage permits RegistrationRequest, RegistrationAnswer {

    long requestId();

    String productKey();

    String deviceName();

    /** The Kafka key: {@code pk/dn}, so the records of one device stay in order. */
    default String key() {
        return productKey() + "/" + deviceName();
    }
}
