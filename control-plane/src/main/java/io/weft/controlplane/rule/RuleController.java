package io.weft.controlplane.rule;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.rule.supervision.RuleSupervisor;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleDefinition;
import io.weft.core.rule.RuleDialect;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * SQL rules over REST (docs/rules.md, "Managing rules over REST"). A rule's {@code ETag} is its version; a change
 * with {@code If-Match} applies only to that version (else 412), one without it applies to the current one.
 */
@RestController
@RequestMapping("/api/v1/rules")
public class RuleController {
    private final RuleService rules;
    private final RuleChecker checker;
    private final RuleSupervisor supervisor;

    public RuleController(RuleService rules, RuleChecker checker, RuleSupervisor supervisor) {
        this.rules = rules;
        this.checker = checker;
        this.supervisor = supervisor;
    }

    /** Checks and stores a rule, stopped; {@code id} optional (generated when absent). */
    @PostMapping
    public ResponseEntity<RuleView> create(@RequestBody RuleRequest request) {
        StoredRule created = rules.create(request);
        return ResponseEntity.created(URI.create("/api/v1/rules/" + created.id())).eTag(etag(created))
                .body(RuleView.of(created));
    }

    /** Every rule, or those of one product; by id. */
    @GetMapping
    public List<RuleView> list(@RequestParam(required = false) String productKey) {
        return rules.list(productKey).stream().map(RuleView::of).toList();
    }

    @GetMapping("/{id}")
    public ResponseEntity<RuleView> get(@PathVariable String id) {
        return answer(rules.get(id));
    }

    /**
     * Replaces the rule's definition: checked like a new rule, stored as its next version. A started rule's group job
     * is redeployed with it.
     */
    @PutMapping("/{id}")
    public ResponseEntity<RuleView> update(@PathVariable String id, @RequestBody RuleRequest request,
                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        StoredRule updated = rules.update(id, request, version(ifMatch));
        supervisor.ruleChanged(id);
        return answer(updated);
    }

    /** Deletes the rule and all its versions. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id,
                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        rules.delete(id, version(ifMatch));
        supervisor.ruleChanged(id);
    }

    /** Every version of the rule, oldest first. */
    @GetMapping("/{id}/versions")
    public List<VersionView> versions(@PathVariable String id) {
        return rules.versions(id).stream().map(VersionView::of).toList();
    }

    @GetMapping("/{id}/versions/{version}")
    public VersionView version(@PathVariable String id, @PathVariable int version) {
        return VersionView.of(rules.version(id, version));
    }

    /** What a rule job would run for the rule's current version: its Flink SQL and destinations. */
    @GetMapping("/{id}/deployment")
    public DeployedRule deployment(@PathVariable String id) {
        return rules.deployment(id);
    }

    /**
     * Records that the rule should run and redeploys its group's job with it (503 when this control plane runs no
     * rule jobs); answers once the job runs.
     */
    @PostMapping("/{id}/start")
    public ResponseEntity<RuleView> start(@PathVariable String id,
                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        StoredRule started = rules.start(id, version(ifMatch));
        supervisor.ruleChanged(id);
        return answer(started);
    }

    /** Records that the rule should not run and redeploys its group's job without it (or stops it). */
    @PostMapping("/{id}/stop")
    public ResponseEntity<RuleView> stop(@PathVariable String id,
                                         @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        StoredRule stopped = rules.stop(id, version(ifMatch));
        supervisor.ruleChanged(id);
        return answer(stopped);
    }

    /** Compiles a rule without storing it: 200 with its Flink SQL, or 400 with every problem. */
    @PostMapping("/validate")
    public CompiledRule validate(@RequestBody ValidateRequest request) {
        return checker.validate(request.dialect(), request.productKey(), request.sql());
    }

    /** {@code dialect} optional ({@code alibaba}). */
    public record ValidateRequest(String dialect, String productKey, String sql) {
    }

    /** A rule as the API shows it: its current version's definition, with its state and times. */
    public record RuleView(String id, int version, String name, RuleDialect dialect, String productKey, String sql,
                           List<Destination> destinations, Destination errorDestination, DesiredState state,
                           Instant createdAt, Instant updatedAt) {
        static RuleView of(StoredRule r) {
            RuleDefinition d = r.current().definition();
            return new RuleView(d.id(), r.version(), d.name(), d.dialect(), d.productKey(), d.sql(), d.destinations(),
                    d.errorDestination(), r.desiredState(), r.createdAt(), r.updatedAt());
        }
    }

    /** One version of a rule; {@code createdAt} is when it was written. */
    public record VersionView(String id, int version, String name, RuleDialect dialect, String productKey, String sql,
                              List<Destination> destinations, Destination errorDestination, Instant createdAt) {
        static VersionView of(RuleVersion v) {
            RuleDefinition d = v.definition();
            return new VersionView(d.id(), v.version(), d.name(), d.dialect(), d.productKey(), d.sql(),
                    d.destinations(), d.errorDestination(), v.createdAt());
        }
    }

    private static ResponseEntity<RuleView> answer(StoredRule rule) {
        return ResponseEntity.ok().eTag(etag(rule)).body(RuleView.of(rule));
    }

    private static String etag(StoredRule rule) {
        return "\"" + rule.version() + "\"";
    }

    /** The version an {@code If-Match} names ({@code "3"}, {@code W/"3"}); null for none or {@code *}. */
    static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        tag = tag.startsWith("W/") ? tag.substring(2) : tag;
        tag = tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag;
        try {
            return Integer.valueOf(tag);
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.PRECONDITION_FAILED, "Version mismatch",
                    "If-Match " + ifMatch + " is not a version of a rule; send the ETag a GET answered, such as \"3\"");
        }
    }
}
