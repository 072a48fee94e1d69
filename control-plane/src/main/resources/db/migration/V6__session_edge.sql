-- Which edge holds the device's current session (the edge of the presence event its state came from), so the
-- sessions of an edge that stopped sending heartbeats, or restarted, can be ended (io.weft.controlplane.presence.EdgeLeases).
ALTER TABLE device ADD COLUMN session_edge TEXT;
CREATE INDEX device_online_edge ON device (session_edge) WHERE online;
