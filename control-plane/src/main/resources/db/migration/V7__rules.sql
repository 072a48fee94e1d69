-- SQL rules (io.weft.controlplane.rule). A rule is its id, its current version and the state an operator wants it
-- in; what it is (name, dialect, product, SQL, destinations) lives in rule_version, one row per create or update,
-- never changed and kept until the rule is deleted. Destinations are the JSON of io.weft.core.rule.Destination.
CREATE TABLE rule (
    id              VARCHAR(64)  PRIMARY KEY,
    product_key     VARCHAR(64)  NOT NULL REFERENCES product (product_key),
    current_version INTEGER      NOT NULL,
    desired_state   VARCHAR(16)  NOT NULL DEFAULT 'STOPPED' CHECK (desired_state IN ('STOPPED', 'STARTED')),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX rule_by_product ON rule (product_key, id);

CREATE TABLE rule_version (
    rule_id           VARCHAR(64)  NOT NULL REFERENCES rule (id) ON DELETE CASCADE,
    version           INTEGER      NOT NULL CHECK (version > 0),
    name              VARCHAR(128) NOT NULL,
    dialect           VARCHAR(16)  NOT NULL CHECK (dialect IN ('ALIBABA', 'FLINK')),
    product_key       VARCHAR(64)  NOT NULL REFERENCES product (product_key),
    sql               TEXT         NOT NULL,
    destinations      JSONB        NOT NULL,
    error_destination JSONB,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_id, version)
);
