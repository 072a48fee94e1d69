package io.weft.sqlrules.flink;

import java.util.List;
import java.util.Optional;

/**
 * A per-product typed view: metadata columns, then one typed column per property (or event parameter), defined as
 * a query over {@link ProductViews#BASE_TABLE}. {@link #ddl()} is the statement that creates it.
 */
public record ProductView(String name, List<ViewColumn> columns, String query) {

    public ProductView {
        columns = List.copyOf(columns);
    }

    /** {@code CREATE TEMPORARY VIEW `product_<pk>` AS SELECT ...}. */
    public String ddl() {
        return "CREATE TEMPORARY VIEW " + FlinkSql.quote(name) + " AS\n" + query;
    }

    /** The column that carries a property (or event parameter). */
    public Optional<ViewColumn> columnFor(String identifier) {
        return columns.stream().filter(c -> identifier.equals(c.identifier())).findFirst();
    }

    public Optional<ViewColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
