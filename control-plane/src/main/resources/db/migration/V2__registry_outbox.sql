-- Registry changes, written in the same transaction as the change itself and relayed to Kafka in order
-- (transactional outbox): a committed change always reaches weft.registry, a rolled-back one never does.
CREATE TABLE registry_outbox (
    id           BIGSERIAL    PRIMARY KEY,
    record_key   VARCHAR(256) NOT NULL,
    record_value BYTEA,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
