-- Device tags (Alibaba's device tags, SaveDeviceProp / QueryDeviceProp / DeleteDeviceProp): string keys and values
-- per device, at most 100 per device (checked by the service). They go with their device.
CREATE TABLE device_tag (
    product_key VARCHAR(64)  NOT NULL,
    device_name VARCHAR(64)  NOT NULL,
    tag_key     VARCHAR(32)  NOT NULL,
    tag_value   VARCHAR(128) NOT NULL,
    PRIMARY KEY (product_key, device_name, tag_key),
    FOREIGN KEY (product_key, device_name) REFERENCES device (product_key, device_name) ON DELETE CASCADE
);
