package io.weft.controlplane.rule.dryrun;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rule dry runs over REST (docs/rules.md, "Dry run"): a rule run over sample posts or a part of
 * {@code weft.telemetry} with its actions suppressed, answering what it would have emitted and why each message did
 * or did not match.
 */
@RestController
@RequestMapping("/api/v1/rules")
public class DryRunController {
    private final DryRunService dryRuns;

    public DryRunController(DryRunService dryRuns) {
        this.dryRuns = dryRuns;
    }

    /** Dry-runs the stored rule's current version. */
    @PostMapping("/{id}/dry-run")
    public DryRunAnswer stored(@PathVariable String id, @RequestBody DryRunRequest request) {
        return dryRuns.stored(id, request);
    }

    /** Dry-runs an unsaved rule: {@code dialect} (optional), {@code productKey}, {@code sql}. */
    @PostMapping("/dry-run")
    public DryRunAnswer unsaved(@RequestBody DryRunRequest request) {
        return dryRuns.unsaved(request);
    }
}
