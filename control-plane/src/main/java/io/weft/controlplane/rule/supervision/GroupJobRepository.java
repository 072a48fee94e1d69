package io.weft.controlplane.rule.supervision;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The job of each rule group in PostgreSQL ({@code rule_group_job}). */
@Repository
class GroupJobRepository {
    private final JdbcClient jdbc;

    GroupJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    GroupJob find(String groupId) {
        return jdbc.sql("SELECT group_id, job_id, fingerprint, savepoint FROM rule_group_job WHERE group_id = ?")
                .param(groupId)
                .query((rs, row) -> new GroupJob(rs.getString("group_id"), rs.getString("job_id"),
                        rs.getString("fingerprint"), rs.getString("savepoint")))
                .optional().orElse(GroupJob.none(groupId));
    }

    void save(GroupJob job) {
        jdbc.sql("""
                        INSERT INTO rule_group_job (group_id, job_id, fingerprint, savepoint) VALUES (?, ?, ?, ?)
                        ON CONFLICT (group_id) DO UPDATE SET job_id = excluded.job_id,
                            fingerprint = excluded.fingerprint, savepoint = excluded.savepoint, updated_at = now()""")
                .params(job.groupId(), job.jobId(), job.fingerprint(), job.savepoint()).update();
    }
}
