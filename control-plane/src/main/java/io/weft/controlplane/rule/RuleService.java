package io.weft.controlplane.rule;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.product.ProductService;
import io.weft.controlplane.rule.supervision.RuleJobProperties;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.RuleDefinition;
import java.security.SecureRandom;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * SQL rules: every create and update is checked ({@link RuleChecker}) and stored as a new version; old versions are
 * kept. A change may name the version it was based on ({@code expectedVersion}, the API's {@code If-Match}): if the
 * rule has moved on since, the change is refused with 412 instead of overwriting someone else's. Changes to one rule
 * run one at a time (its row is locked).
 *
 * <p>Start and stop record the state an operator wants; {@link io.weft.controlplane.rule.supervision.RuleSupervisor}
 * makes the rule jobs follow it. Rules are not published to {@code weft.registry}: a rule job gets its rules as a compiled
 * {@link io.weft.core.rule.RuleGroup} ({@link #deployment}).
 */
@Service
public class RuleService {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final SecureRandom random = new SecureRandom();
    private final RuleRepository rules;
    private final RuleChecker checker;
    private final RuleDeployer deployer;
    private final ProductService products;
    private final RuleJobProperties ruleJobs;

    public RuleService(RuleRepository rules, RuleChecker checker, RuleDeployer deployer, ProductService products,
                       RuleJobProperties ruleJobs) {
        this.rules = rules;
        this.checker = checker;
        this.deployer = deployer;
        this.products = products;
        this.ruleJobs = ruleJobs;
    }

    @Transactional
    public StoredRule create(RuleRequest request) {
        String id = request.id() == null ? generateId() : request.id();
        RuleDefinition definition = checker.check(id, request);
        if (!rules.insert(definition)) {
            throw ApiException.conflict("rule " + id + " already exists");
        }
        return get(id);
    }

    /** Stores {@code request} as the rule's next version. */
    @Transactional
    public StoredRule update(String id, RuleRequest request, Integer expectedVersion) {
        int current = lock(id, expectedVersion);
        if (request.id() != null && !request.id().equals(id)) {
            throw InvalidRule.of(List.of(), List.of(new FieldProblem("id", "is " + id + ", the rule's id in the path; "
                    + "a rule's id cannot change")));
        }
        rules.addVersion(checker.check(id, request), current + 1);
        return get(id);
    }

    @Transactional
    public void delete(String id, Integer expectedVersion) {
        lock(id, expectedVersion);
        rules.delete(id);
    }

    /**
     * Records that the rule should run; a rule that does not compile against its product's thing model now is
     * refused (409), so is one without destinations; 503 when this control plane runs no rule jobs.
     */
    @Transactional
    public StoredRule start(String id, Integer expectedVersion) {
        lock(id, expectedVersion);
        StoredRule rule = get(id);
        if (rule.current().definition().destinations().isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "Rule has no destination",
                    "rule " + id + " has no destinations: its results would go nowhere; add one first");
        }
        deployment(rule);
        ruleJobs.requireAvailable();
        rules.setDesiredState(id, DesiredState.STARTED);
        return get(id);
    }

    /** Records that the rule should not run. */
    @Transactional
    public StoredRule stop(String id, Integer expectedVersion) {
        lock(id, expectedVersion);
        rules.setDesiredState(id, DesiredState.STOPPED);
        return get(id);
    }

    /** Whether rule {@code id} exists. */
    @Transactional(readOnly = true)
    public boolean exists(String id) {
        return rules.find(id).isPresent();
    }

    @Transactional(readOnly = true)
    public StoredRule get(String id) {
        return rules.find(id).orElseThrow(() -> notFound(id));
    }

    /** Every rule, or those of one product (404 if there is no such product). */
    @Transactional(readOnly = true)
    public List<StoredRule> list(String productKey) {
        if (productKey != null) {
            products.get(productKey);
        }
        return rules.list(productKey);
    }

    @Transactional(readOnly = true)
    public List<RuleVersion> versions(String id) {
        List<RuleVersion> versions = rules.versions(id);
        if (versions.isEmpty()) {
            throw notFound(id);
        }
        return versions;
    }

    @Transactional(readOnly = true)
    public RuleVersion version(String id, int version) {
        return rules.version(id, version).orElseThrow(() -> ApiException.notFound("version " + version
                + " of rule " + id));
    }

    /** The rule's current version compiled as a rule job would run it, against its product's thing model now. */
    @Transactional(readOnly = true)
    public DeployedRule deployment(String id) {
        return deployment(get(id));
    }

    private DeployedRule deployment(StoredRule rule) {
        return deployer.deploy(rule.current(), products.get(rule.current().definition().productKey()).thingModel());
    }

    /** Locks the rule; its current version, which must be {@code expected} unless that is null (else 412). */
    private int lock(String id, Integer expected) {
        int current = rules.lock(id).orElseThrow(() -> notFound(id));
        if (expected != null && expected != current) {
            throw new ApiException(HttpStatus.PRECONDITION_FAILED, "Version mismatch", "rule " + id + " is at version "
                    + current + ", not " + expected + "; get it again and reapply your change")
                    .with("currentVersion", current);
        }
        return current;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("rule " + id);
    }

    /** Like Alibaba's generated keys: "r" and 11 letters and digits that cannot be misread. */
    private String generateId() {
        StringBuilder id = new StringBuilder("r");
        for (int i = 0; i < 11; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
