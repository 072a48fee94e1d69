package io.weft.controlplane.rule.dryrun;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.product.ProductService;
import io.weft.controlplane.rule.CompiledRule;
import io.weft.controlplane.rule.RuleChecker;
import io.weft.controlplane.rule.RuleService;
import io.weft.core.json.Json;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.RuleDefinition;
import io.weft.core.rule.RuleDialect;
import io.weft.core.tsl.ThingModel;
import io.weft.flinkjobs.rules.RuleResult;
import io.weft.flinkjobs.rules.dryrun.DryRunReport;
import io.weft.flinkjobs.rules.dryrun.DryRunTooLong;
import io.weft.flinkjobs.rules.dryrun.MatchColumns;
import io.weft.flinkjobs.rules.dryrun.MessageVerdict;
import io.weft.flinkjobs.rules.dryrun.RuleDryRun;
import io.weft.flinkjobs.rules.dryrun.TelemetryRange;
import io.weft.sqlrules.alibaba.AlibabaRules;
import io.weft.sqlrules.flink.MatchQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Dry runs of a stored rule (its current version, compiled as its job would run it) or an unsaved one (checked as
 * {@code POST /api/v1/rules/validate} checks it), over sample posts or a part of {@code weft.telemetry}, through
 * flink-jobs' {@link RuleDryRun}: the rule runtime the live rule jobs run, with nothing sent to a destination. For
 * an Alibaba rule, sql-rules' {@link MatchQuery} adds why each message did or did not match.
 */
@Service
public class DryRunService {
    /** The id an unsaved rule's results carry. */
    static final String UNSAVED_ID = "dry-run";
    private final RuleService rules;
    private final RuleChecker checker;
    private final ProductService products;
    private final RuleDryRun dryRun;
    private final Semaphore running;
    private final int maxConcurrent;
    private final AlibabaRules alibaba = new AlibabaRules();

    public DryRunService(RuleService rules, RuleChecker checker, ProductService products, RuleDryRun dryRun,
                         DryRunProperties properties) {
        this.rules = rules;
        this.checker = checker;
        this.products = products;
        this.dryRun = dryRun;
        this.maxConcurrent = properties.maxConcurrent();
        this.running = new Semaphore(maxConcurrent);
    }

    public DryRunAnswer stored(String id, DryRunRequest request) {
        DeployedRule deployed = rules.deployment(id);
        RuleDefinition definition = rules.version(id, deployed.version()).definition();
        return run(deployed, definition.dialect(), definition.sql(), request);
    }

    public DryRunAnswer unsaved(DryRunRequest request) {
        CompiledRule compiled = checker.validate(request.dialect(), request.productKey(), request.sql());
        DeployedRule deployed = new DeployedRule(UNSAVED_ID, 0, compiled.productKey(), compiled.views(),
                compiled.query(), compiled.outputs(), Set.copyOf(compiled.functions()), List.of(), null);
        return run(deployed, compiled.dialect(), request.sql(), request);
    }

    private DryRunAnswer run(DeployedRule rule, RuleDialect dialect, String sql, DryRunRequest request) {
        Input input = input(request);
        ThingModel model = products.get(rule.productKey()).thingModel();
        MatchColumns match = dialect == RuleDialect.ALIBABA ? alibaba.matchQuery(sql, model).map(m ->
                new MatchColumns(m.query(), m.conditions().stream()
                        .map(c -> new MatchColumns.Condition(c.column(), c.sql())).toList())).orElseThrow()
                : null;
        List<String> conditions = match == null ? List.of()
                : match.conditions().stream().map(MatchColumns.Condition::sql).toList();
        if (!running.tryAcquire()) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many dry runs",
                    "this control plane runs at most " + maxConcurrent + " dry runs at once; try again when one has"
                            + " finished");
        }
        try {
            if (input.samples() != null) {
                SampleMessages.Checked checked = SampleMessages.check(input.samples(), rule.productKey(), model,
                        System.currentTimeMillis());
                DryRunReport report = dryRun.run(rule, match, checked.valid());
                List<DryRunAnswer.MessageView> views = new ArrayList<>(checked.invalid());
                for (int i = 0; i < report.messages().size(); i++) {
                    views.add(view(checked.validIndexes().get(i), report.messages().get(i)));
                }
                views.sort(Comparator.comparing(DryRunAnswer.MessageView::index));
                return answer(rule, dialect, conditions, report, views);
            }
            DryRunReport report = dryRun.run(rule, match, input.range());
            return answer(rule, dialect, conditions, report,
                    report.messages().stream().map(m -> view(null, m)).toList());
        } catch (DryRunTooLong e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Dry run too long", e.getMessage());
        } catch (KafkaException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable",
                    "could not read weft.telemetry: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Dry run failed", e.getMessage());
        } finally {
            running.release();
        }
    }

    /** Either samples or a range of weft.telemetry. */
    private record Input(List<tools.jackson.databind.JsonNode> samples, TelemetryRange range) {
    }

    private Input input(DryRunRequest request) {
        boolean samples = request.messages() != null;
        boolean times = request.from() != null || request.to() != null;
        boolean offsets = request.offsets() != null;
        if ((samples ? 1 : 0) + (times ? 1 : 0) + (offsets ? 1 : 0) != 1) {
            throw ApiException.badRequest("give exactly one of messages (sample posts), from and to (a time range of"
                    + " weft.telemetry) or offsets (offsets per partition of weft.telemetry)");
        }
        if (samples) {
            int max = dryRun.limits().maxMessages();
            if (request.messages().isEmpty() || request.messages().size() > max) {
                throw ApiException.badRequest("messages: give 1 to " + max + " sample posts, not "
                        + request.messages().size());
            }
            return new Input(request.messages(), null);
        }
        if (times) {
            if (request.from() == null || request.to() == null || request.to() <= request.from()) {
                throw ApiException.badRequest("a time range needs from and to, epoch ms, to after from");
            }
            return new Input(null, new TelemetryRange.Times(request.from(), request.to()));
        }
        Map<Integer, TelemetryRange.Range> ranges = new HashMap<>();
        request.offsets().forEach((partition, r) -> {
            if (partition == null || partition < 0 || r == null || r.from() < 0 || r.to() < r.from()) {
                throw ApiException.badRequest("offsets are partition: {\"from\":f,\"to\":t} with 0 <= f <= t, not "
                        + partition + ": " + r);
            }
            ranges.put(partition, new TelemetryRange.Range(r.from(), r.to()));
        });
        if (ranges.isEmpty()) {
            throw ApiException.badRequest("offsets names no partition");
        }
        return new Input(null, new TelemetryRange.Offsets(ranges));
    }

    private static DryRunAnswer.MessageView view(Integer index, MessageVerdict m) {
        return new DryRunAnswer.MessageView(index, m.messageId(), m.productKey(), m.deviceName(), m.eventTime(),
                m.matched(), m.falseConditions(), m.unknownConditions(), null, m.reason());
    }

    private static DryRunAnswer answer(DeployedRule rule, RuleDialect dialect, List<String> conditions,
                                       DryRunReport report, List<DryRunAnswer.MessageView> messages) {
        Map<Integer, DryRunRequest.OffsetRange> read = new TreeMap<>();
        report.read().forEach((p, r) -> read.put(p, new DryRunRequest.OffsetRange(r.from(), r.to())));
        return new DryRunAnswer(rule.id(), dialect, rule.productKey(), conditions,
                report.results().stream().map(RuleResult::json).map(Json::tree).toList(), messages, read,
                report.truncated());
    }
}
