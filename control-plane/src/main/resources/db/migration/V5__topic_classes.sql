-- Custom topic classes (Alibaba's "自定义Topic类"): per product, the topics /{pk}/{deviceName}/user/{name} and
-- what devices may do on them (PUB, SUB or ALL). The edges get them from the registry entry topic-classes/{pk};
-- an edge without that entry applies Alibaba's defaults, which are exactly the rows inserted below for every
-- product, so a product whose classes were never changed needs no entry.
CREATE TABLE topic_class (
    id          BIGSERIAL    PRIMARY KEY,
    product_key VARCHAR(64)  NOT NULL REFERENCES product (product_key) ON DELETE CASCADE,
    name        VARCHAR(64)  NOT NULL,
    operation   VARCHAR(3)   NOT NULL CHECK (operation IN ('PUB', 'SUB', 'ALL')),
    description VARCHAR(100),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (product_key, name)
);

-- Alibaba's default classes (io.weft.core.topic.TopicClass.DEFAULTS), for every product however it is created.
CREATE FUNCTION topic_class_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO topic_class (product_key, name, operation)
    VALUES (NEW.product_key, 'update', 'PUB'), (NEW.product_key, 'update/error', 'PUB'), (NEW.product_key, 'get', 'SUB');
    RETURN NEW;
END
$$;

CREATE TRIGGER product_topic_class_defaults AFTER INSERT ON product
    FOR EACH ROW EXECUTE FUNCTION topic_class_defaults();

INSERT INTO topic_class (product_key, name, operation)
SELECT p.product_key, d.name, d.operation
  FROM product p, (VALUES (1, 'update', 'PUB'), (2, 'update/error', 'PUB'), (3, 'get', 'SUB')) AS d(ord, name, operation)
 ORDER BY p.product_key, d.ord;
