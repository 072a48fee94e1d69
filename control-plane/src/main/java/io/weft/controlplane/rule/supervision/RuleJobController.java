package io.weft.controlplane.rule.supervision;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A rule's job over REST (docs/rules.md, "Running rules"). */
@RestController
@RequestMapping("/api/v1/rules")
public class RuleJobController {
    private final RuleSupervisor supervisor;

    public RuleJobController(RuleSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** The rule's desired state, its group, and the group's Flink job: id, state, records in and out, last error. */
    @GetMapping("/{id}/status")
    public RuleJobStatus status(@PathVariable String id) {
        return supervisor.status(id);
    }
}
