package io.weft.core.tsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A product's thing model (TSL): its properties, services and events. */
public record ThingModel(String productKey, List<Property> properties, List<Service> services, List<Event> events) {

    public ThingModel {
        properties = List.copyOf(properties);
        services = List.copyOf(services);
        events = List.copyOf(events);
    }

    public Optional<Property> property(String identifier) {
        return properties.stream().filter(p -> p.identifier().equals(identifier)).findFirst();
    }

    public Optional<Event> event(String identifier) {
        return events.stream().filter(e -> e.identifier().equals(identifier)).findFirst();
    }

    public Optional<Service> service(String identifier) {
        return services.stream().filter(s -> s.identifier().equals(identifier)).findFirst();
    }

    /** Properties by identifier, in declaration order. */
    public Map<String, Property> propertiesById() {
        Map<String, Property> byId = new LinkedHashMap<>();
        properties.forEach(p -> byId.put(p.identifier(), p));
        return byId;
    }

    public record Property(String identifier, String name, AccessMode accessMode, boolean required,
                           DataType dataType) {
    }

    public record Service(String identifier, String name, String callType, String method,
                          List<DataType.Member> inputData, List<DataType.Member> outputData) {
    }

    public record Event(String identifier, String name, String type, String method,
                        List<DataType.Member> outputData) {
    }

    public enum AccessMode {
        R("r"), RW("rw");

        private final String wire;

        AccessMode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static AccessMode fromWire(String wire) {
            return "r".equals(wire) ? R : RW;
        }
    }
}
