CREATE TABLE product (
    product_key  VARCHAR(64)  PRIMARY KEY,
    name         VARCHAR(128) NOT NULL,
    thing_model  TEXT         NOT NULL,
    version      BIGINT       NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE device (
    product_key   VARCHAR(64) NOT NULL REFERENCES product (product_key),
    device_name   VARCHAR(64) NOT NULL,
    device_secret VARCHAR(64) NOT NULL,
    enabled       BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (product_key, device_name)
);
