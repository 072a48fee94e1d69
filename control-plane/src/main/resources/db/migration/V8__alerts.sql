-- Alerts, kept from the alert job's records on weft.alerts (io.weft.core.alert.Alert): one row per alert id, each
-- record applied only if its revision is higher than the row's, so replays and duplicates change nothing. The alert
-- job is the one writer of alert state; operators' acknowledge and clear go to it as signals on weft.alert-signals.
-- notification_* is the last webhook notification of the alert that failed every attempt (weft.alert-dead-letters).
CREATE TABLE alert (
    id                     TEXT        PRIMARY KEY,
    alert_key              TEXT        NOT NULL,
    name                   TEXT        NOT NULL,
    severity               TEXT        NOT NULL,
    state                  TEXT        NOT NULL,
    flapping               BOOLEAN     NOT NULL,
    raise_count            BIGINT      NOT NULL,
    first_raised_at        TIMESTAMPTZ NOT NULL,
    last_raised_at         TIMESTAMPTZ NOT NULL,
    last_event_time        TIMESTAMPTZ,
    acknowledged_at        TIMESTAMPTZ,
    acknowledged_by        TEXT,
    cleared_at             TIMESTAMPTZ,
    cleared_by             TEXT,
    source                 TEXT,
    product_key            TEXT        NOT NULL,
    device_name            TEXT,
    details                TEXT,
    revision               BIGINT      NOT NULL,
    last_change            TEXT        NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    notification_failed_at TIMESTAMPTZ,
    notification_url       TEXT,
    notification_error     TEXT
);
CREATE INDEX alert_by_state ON alert (state, first_raised_at DESC);
CREATE INDEX alert_by_device ON alert (product_key, device_name, first_raised_at DESC);
CREATE INDEX alert_by_key ON alert (alert_key);
