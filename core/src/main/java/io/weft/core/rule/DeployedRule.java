package io.weft.core.rule;

import java.util.List;
import java.util.Set;

/**
 * A rule compiled for a rule job: the Flink SQL statements that create the views it reads ({@code views}, in order;
 * a job creates each distinct one once), the query, the names of its result columns in order, the Weft functions
 * ({@code weft_*}) it calls, and its destinations. Compiled by sql-rules in the control plane, so a rule job runs
 * Flink SQL only.
 *
 * <p>A query column that is not in {@code outputs} is hidden: it is not written to the rule's results. Two hidden
 * columns mean something to the rule job: {@value #DEVICE_COLUMN} names the device a result is about (an alert's
 * device, the results' Kafka key and their {@code deviceName}), and {@value #EVENT_TIME_COLUMN} is its event time (an
 * alert's time). sql-rules' translation of an Alibaba rule ends its SELECT list with them
 * ({@code `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`}); a Flink SQL rule may select
 * them itself, and without them a {@code device_name} (or {@code deviceName}) output names the device.
 */
public record DeployedRule(String id, int version, String productKey, List<String> views, String query,
                           List<String> outputs, Set<String> functions, List<Destination> destinations,
                           Destination errorDestination) {

    /** The hidden query column that names a result's device. */
    public static final String DEVICE_COLUMN = "_weft_device_name";

    /** The hidden query column that holds a result's event time. */
    public static final String EVENT_TIME_COLUMN = "_weft_event_time";

    public DeployedRule {
        views = List.copyOf(views);
        outputs = List.copyOf(outputs);
        functions = functions == null ? Set.of() : Set.copyOf(functions);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }
}
