package io.weft.controlplane.rule;

import io.weft.controlplane.config.WeftProperties;
import io.weft.controlplane.device.DeviceRepository;
import io.weft.controlplane.product.Product;
import io.weft.controlplane.product.ProductRepository;
import io.weft.controlplane.product.ProductService;
import io.weft.controlplane.rule.supervision.RuleJobProperties;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleDefinition;
import io.weft.core.rule.RuleDialect;
import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a rule as it is written, so that only rules that can run are stored: its fields, its SQL compiled against
 * the product's thing model, and its destinations. An unknown product is a 404 problem, a dialect without a compiler
 * a 422 problem, anything else wrong one 400 {@link InvalidRule} problem listing all of it.
 */
@Component
public class RuleChecker {
    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_SQL_LENGTH = 65_536;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final ProductService products;
    private final RuleCompilers compilers;
    private final DestinationReader destinations;

    public RuleChecker(ProductService products, RuleCompilers compilers, WeftProperties properties,
                       RuleJobProperties ruleJobs, ProductRepository productRows, DeviceRepository devices) {
        this.products = products;
        this.compilers = compilers;
        this.destinations = new DestinationReader(new WeftTopics(properties.topicPrefix()), ruleJobs.storeAvailable(),
                new ActionTargets() {
                    @Override
                    public Optional<ThingModel> thingModel(String productKey) {
                        return productRows.find(productKey).map(Product::thingModel);
                    }

                    @Override
                    public boolean deviceExists(String productKey, String deviceName) {
                        return devices.find(productKey, deviceName).isPresent();
                    }
                });
    }

    /** The reader of destinations this checker uses, for other writers of destinations (scenes). */
    public DestinationReader destinations() {
        return destinations;
    }

    /** The definition of rule {@code id} that {@code request} describes, or the problem refusing it. */
    public RuleDefinition check(String id, RuleRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            errors.add(new FieldProblem("id", "must be 1 to 64 letters, digits, '_' or '-', not '" + id + "'"));
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME_LENGTH) {
            errors.add(new FieldProblem("name", "is required, at most " + MAX_NAME_LENGTH + " characters"));
        }
        List<Destination> list = destinations.list(request.destinations(), "destinations", errors);
        Destination error = destinations.one(request.errorDestination(), "errorDestination", errors);
        if (errors.isEmpty()) {
            destinations.checkRunnable(list, error, errors);
        }
        Compiled compiled = compile(request.dialect(), request.productKey(), request.sql(), errors);
        if (compiled.compilation() != null && compiled.compilation().valid()) {
            destinations.checkReferences(list, "destinations", error, compiled.compilation().flink().outputs(),
                    errors);
        }
        if (!compiled.problems().isEmpty() || !errors.isEmpty()) {
            throw InvalidRule.of(compiled.problems(), errors);
        }
        return new RuleDefinition(id, request.name(), compiled.dialect(), request.productKey(), request.sql(), list,
                error);
    }

    /** The Flink SQL of {@code sql} for the product, or the problem refusing it. */
    public CompiledRule validate(String dialect, String productKey, String sql) {
        List<FieldProblem> errors = new ArrayList<>();
        Compiled compiled = compile(dialect, productKey, sql, errors);
        if (!compiled.problems().isEmpty() || !errors.isEmpty()) {
            throw InvalidRule.of(compiled.problems(), errors);
        }
        return CompiledRule.of(compiled.dialect(), productKey, compiled.compilation().flink());
    }

    private record Compiled(RuleDialect dialect, RuleCompilation compilation, List<RuleProblem> problems) {
    }

    /**
     * Checks productKey, dialect and sql, and compiles the sql when all three are there. An unknown product (404) and
     * a dialect without a compiler (422) are thrown at once.
     */
    private Compiled compile(String dialectName, String productKey, String sql, List<FieldProblem> errors) {
        boolean hasProduct = productKey != null && !productKey.isBlank();
        ThingModel model = hasProduct ? products.get(productKey).thingModel() : null;
        if (!hasProduct) {
            errors.add(new FieldProblem("productKey", "is required"));
        }
        RuleDialect dialect = dialect(dialectName, errors);
        boolean hasSql = sql != null && !sql.isBlank() && sql.length() <= MAX_SQL_LENGTH;
        if (sql == null || sql.isBlank()) {
            errors.add(new FieldProblem("sql", "is required"));
        } else if (!hasSql) {
            errors.add(new FieldProblem("sql", "at most " + MAX_SQL_LENGTH + " characters, not " + sql.length()));
        }
        if (model == null || dialect == null || !hasSql) {
            return new Compiled(dialect, null, List.of());
        }
        RuleCompilation compilation = compilers.compile(dialect, sql, model);
        return new Compiled(dialect, compilation, compilation.problems());
    }

    private static RuleDialect dialect(String name, List<FieldProblem> errors) {
        if (name == null) {
            return RuleDialect.ALIBABA;
        }
        try {
            return RuleDialect.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldProblem("dialect", "must be alibaba or flink, not '" + name + "'"));
            return null;
        }
    }
}
