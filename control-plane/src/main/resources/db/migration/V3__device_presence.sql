-- Presence, kept from the edges' events on weft.events. session_epoch is the epoch of the event the state came
-- from (0 = never seen); an event is applied only if it supersedes it (io.weft.core.envelope.Presence#supersedes),
-- so a late OFFLINE of an old session never overrides a newer ONLINE.
ALTER TABLE device
    ADD COLUMN online          BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN last_online_at  TIMESTAMPTZ,
    ADD COLUMN last_offline_at TIMESTAMPTZ,
    ADD COLUMN session_epoch   BIGINT      NOT NULL DEFAULT 0;
