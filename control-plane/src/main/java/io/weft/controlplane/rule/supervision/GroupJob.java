package io.weft.controlplane.rule.supervision;

/**
 * A rule group's job as the control plane last left it: the Flink job id (null when no job runs the group), the
 * fingerprint of the group it runs, and the savepoint its next job starts from (null: none).
 */
record GroupJob(String groupId, String jobId, String fingerprint, String savepoint) {

    static GroupJob none(String groupId) {
        return new GroupJob(groupId, null, null, null);
    }
}
