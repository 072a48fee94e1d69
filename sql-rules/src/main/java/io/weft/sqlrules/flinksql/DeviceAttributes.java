package io.weft.sqlrules.flinksql;

import java.util.List;

/**
 * The device-attribute table a Flink SQL rule may join: one row per attribute (tag) of a device, the current value
 * of each, as a versioned table. The rule runtime declares it in every rule job, exactly as {@link #DDL} says (its
 * {@code WITH} options are the runtime's); a rule reads it as {@code device_attributes} and joins it by
 * {@code product_key}, {@code device_name} and {@code attr_key} (see docs/rules.md, "Flink SQL rules").
 */
public final class DeviceAttributes {
    public static final String TABLE = "device_attributes";

    /** Column names and Flink types, in order. */
    public static final List<Column> COLUMNS = List.of(
            new Column("product_key", "STRING"),
            new Column("device_name", "STRING"),
            new Column("attr_key", "STRING"),
            new Column("attr_value", "STRING"),
            new Column("update_time", "TIMESTAMP_LTZ(3)"));

    /**
     * The table as the runtime must declare it, without its {@code WITH (...)} clause: the primary key makes it a
     * versioned table and {@code update_time} its event time, so a rule can join it
     * {@code FOR SYSTEM_TIME AS OF} a product view's {@code event_time}.
     */
    public static final String DDL = """
            CREATE TABLE `device_attributes` (
              `product_key` STRING NOT NULL,
              `device_name` STRING NOT NULL,
              `attr_key` STRING NOT NULL,
              `attr_value` STRING,
              `update_time` TIMESTAMP_LTZ(3) NOT NULL,
              PRIMARY KEY (`product_key`, `device_name`, `attr_key`) NOT ENFORCED,
              WATERMARK FOR `update_time` AS `update_time`
            )""";

    /** A column of the table. */
    public record Column(String name, String flinkType) {
    }

    private DeviceAttributes() {
    }
}
