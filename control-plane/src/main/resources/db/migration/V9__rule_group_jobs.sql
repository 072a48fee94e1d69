-- Rule jobs supervised by the control plane (io.weft.controlplane.rule.supervision): one row per rule group that
-- runs or ran a job. job_id is the Flink job running the group (null when none runs it), fingerprint identifies
-- the group it was submitted with (a hash of its RuleGroup argument), savepoint the last savepoint the group's job
-- was stopped with (its next job starts from it).
CREATE TABLE rule_group_job (
    group_id    VARCHAR(64)  PRIMARY KEY,
    job_id      VARCHAR(64),
    fingerprint VARCHAR(64),
    savepoint   TEXT,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
