-- One secret per product (Alibaba's dynamic registration). product_secret signs registrations; each kind of
-- registration is off until the product enables it: dynamic_registration admits authType=register (a device that
-- exists fetches its secret, once), registration_free admits authType=regnwl (a new device is created).
ALTER TABLE product
    ADD COLUMN product_secret       VARCHAR(64),
    ADD COLUMN dynamic_registration BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN registration_free    BOOLEAN NOT NULL DEFAULT FALSE;
-- Products made before this migration get a secret too (gen_random_uuid is a strong random source).
UPDATE product SET product_secret = replace(gen_random_uuid()::text, '-', '') WHERE product_secret IS NULL;
ALTER TABLE product ALTER COLUMN product_secret SET NOT NULL;

-- registered_at: when the device's secret (or token) was handed out by a dynamic registration, null until then;
-- it is handed out once. registration_id: the request that did it, so the same request answered twice (two
-- control-plane replicas, a replay) gets the same answer and never a second secret.
ALTER TABLE device
    ADD COLUMN registered_at   TIMESTAMPTZ,
    ADD COLUMN registration_id BIGINT;
