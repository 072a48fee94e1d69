package io.weft.sqlrules.flinksql;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.RuleProblem;
import io.weft.sqlrules.RuleProblem.Kind;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.ProductView;
import io.weft.sqlrules.flink.ProductViews;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlNode;

/**
 * Compiles a Flink SQL rule (dialect {@code flink}): one SELECT over the product's typed views
 * ({@code product_<pk>}, {@code product_<pk>_event_<id>}, {@code product_<pk>_attributes},
 * {@code product_<pk>_status}), with windows, aggregates,
 * joins and MATCH_RECOGNIZE. Parses it as Flink does, validates names, types and functions against the views
 * generated from the thing model, and returns the views it reads with the query, unchanged, to run over them. The
 * one entry point for this dialect, as {@link io.weft.sqlrules.alibaba.AlibabaRules} is for Alibaba's; never throws
 * for anything in the rule text.
 */
public final class FlinkSqlRules {
    private final QueryParser parser = new QueryParser();
    private final FlinkOperators operators = new FlinkOperators();
    private final QueryValidator validator = new QueryValidator(operators);

    /** A rule for one product: it may read the product's property, event, attribute and status views. */
    public RuleCompilation compile(String sql, ThingModel model) {
        return compile(sql, List.of(model));
    }

    /** A rule that may read the views of several products (a join across products). */
    public RuleCompilation compile(String sql, List<ThingModel> models) {
        try {
            List<ProductView> views = views(models);
            Set<String> attributeViews = new HashSet<>();
            models.forEach(m -> attributeViews.add(ProductViews.attributesViewName(m)));
            RuleCatalog catalog = new RuleCatalog(new FlinkTypes(),
                    models.stream().map(ThingModel::productKey).toList(), views, attributeViews);
            Set<String> columnNames = new HashSet<>();
            catalog.tableNames().forEach(t -> columnNames.addAll(catalog.columns(t)));
            QueryParser.Result parsed = parser.parse(sql, columnNames);
            if (parsed.query() == null) {
                return RuleCompilation.failed(parsed.problems());
            }
            List<RuleProblem> problems = new ArrayList<>();
            SqlNode query = new RowMemberAccess(catalog.rowColumns()).rewrite(parsed.query());
            RelDataType row = validator.validate(sql, query, catalog, problems);
            if (row == null) {
                return RuleCompilation.failed(problems);
            }
            List<ProductView> used = catalog.usedViews();
            if (used.stream().allMatch(v -> attributeViews.contains(v.name()))) {
                return RuleCompilation.failed(List.of(QueryParser.problem(Kind.UNKNOWN_SOURCE,
                        query.getParserPosition(), "a rule reads the posts of at least one of the views "
                                + String.join(", ", views.stream().map(ProductView::name)
                                .filter(v -> !attributeViews.contains(v)).toList()))));
            }
            return RuleCompilation.succeeded(new FlinkRule(used, text(sql), row.getFieldNames(), Set.of()));
        } catch (RuntimeException | AssertionError e) {
            // A bug in Weft (or a Calcite assertion), not in the rule: still an answer, never an exception in the
            // caller's face.
            return RuleCompilation.failed(List.of(new RuleProblem(Kind.UNSUPPORTED, 1, 1, 1, 1,
                    "Weft could not compile this rule (" + e + "); please report it with the rule text")));
        }
    }

    /** Every view of the products: the property view, one per event, the device attributes, then device status. */
    private static List<ProductView> views(List<ThingModel> models) {
        List<ProductView> views = new ArrayList<>();
        for (ThingModel model : models) {
            views.add(ProductViews.properties(model));
            model.events().forEach(event -> views.add(ProductViews.event(model, event)));
            views.add(ProductViews.attributes(model));
            views.add(ProductViews.status(model.productKey()));
        }
        return views;
    }

    /**
     * The query to run: the analyst's text, which names the views as they are named, without a final semicolon.
     * Running the text itself (rather than Calcite's unparsing of it) keeps Flink's reading of every construct and
     * the analyst's line and column in any error the planner reports.
     */
    private static String text(String sql) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }
}
