package io.weft.sqlrules.flink;

import java.util.List;
import java.util.Set;

/**
 * A rule translated to Flink SQL: the product views it reads (create each first with {@link ProductView#ddl()}, in
 * order), the query, the names of its result columns in order, and the Weft functions ({@code weft_*}) the query
 * calls, which the rule runtime registers as UDFs before running it (see docs/rules.md for what each one must do).
 *
 * <p>An Alibaba rule reads one view, and the device attributes ({@link ProductViews#attributes}) too when it calls
 * {@code attribute(key)}; a Flink SQL rule reads one or more (a join of a property view with an event view, or with
 * the device attributes).
 */
public record FlinkRule(List<ProductView> views, String query, List<String> outputs, Set<String> functions) {

    public FlinkRule {
        views = List.copyOf(views);
        if (views.isEmpty()) {
            throw new IllegalArgumentException("a rule reads at least one product view");
        }
        outputs = List.copyOf(outputs);
        functions = Set.copyOf(functions);
    }

    /** A rule over one view, as the Alibaba dialect compiles it. */
    public FlinkRule(ProductView view, String query, List<String> outputs, Set<String> functions) {
        this(List.of(view), query, outputs, functions);
    }

    /** The first view the rule reads: an Alibaba rule's property or event view. */
    public ProductView view() {
        return views.get(0);
    }

    /** The statements that create the views, in order ({@code DeployedRule.views}). */
    public List<String> viewDdls() {
        return views.stream().map(ProductView::ddl).toList();
    }
}
