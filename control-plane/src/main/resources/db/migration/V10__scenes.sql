-- Scenes (io.weft.controlplane.scene): scene linkage. definition is the JSON of io.weft.controlplane.scene.Scene
-- (trigger, conditions, actions). A property, event or status scene owns the rule rule_id ("scene_{id}"), which runs
-- it and holds its state; a schedule scene (rule_id null) runs in the control plane, and desired_state is its state.
CREATE TABLE scene (
    id            VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(128) NOT NULL,
    definition    JSONB        NOT NULL,
    rule_id       VARCHAR(64),
    version       INTEGER      NOT NULL DEFAULT 1,
    desired_state VARCHAR(16)  NOT NULL DEFAULT 'STOPPED' CHECK (desired_state IN ('STOPPED', 'STARTED')),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
