package io.weft.sqlrules.flinksql;

import io.weft.sqlrules.flink.ProductView;
import io.weft.sqlrules.flink.ViewColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The tables one rule compilation may read, as a Calcite catalog: the product views of the thing models, with
 * columns and types exactly as {@link io.weft.sqlrules.flink.ProductViews} generates them. Flink's type names
 * {@code STRING} and {@code BYTES} resolve in {@code CAST(... AS STRING)}. Names are case-sensitive, as in Flink. It
 * remembers which tables the validator read, in order, so the compiled rule carries the DDL of exactly the views its
 * query reads.
 */
final class RuleCatalog {
    private final FlinkTypes types;
    private final List<String> productKeys;
    private final Map<String, ProductView> views = new LinkedHashMap<>();
    private final Map<String, RelDataType> rowTypes = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final CalciteCatalogReader reader;

    /** {@code versioned}: the names of the views a rule may join {@code FOR SYSTEM_TIME AS OF}. */
    RuleCatalog(FlinkTypes types, List<String> productKeys, List<ProductView> productViews, Set<String> versioned) {
        this.types = types;
        this.productKeys = List.copyOf(productKeys);
        RelDataTypeFactory factory = types.factory();
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        for (ProductView view : productViews) {
            List<String> names = new ArrayList<>();
            List<RelDataType> columnTypes = new ArrayList<>();
            for (ViewColumn column : view.columns()) {
                names.add(column.name());
                columnTypes.add(types.parse(column.flinkType()));
            }
            RelDataType rowType = factory.createStructType(columnTypes, names);
            rowTypes.put(view.name(), rowType);
            views.put(view.name(), view);
            root.add(view.name(), versioned.contains(view.name())
                    ? new VersionedTable(view.name(), rowType) : new Table(view.name(), rowType));
        }
        root.add("STRING", f -> types.string());
        root.add("BYTES", f -> f.createTypeWithNullability(
                f.createSqlType(SqlTypeName.VARBINARY, Integer.MAX_VALUE), true));
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        reader = new CalciteCatalogReader(root, List.of(), factory, new CalciteConnectionConfigImpl(properties));
    }

    CalciteCatalogReader reader() {
        return reader;
    }

    /** The products whose views these are. */
    List<String> productKeys() {
        return productKeys;
    }

    /** Every table a rule may read, in order. */
    List<String> tableNames() {
        return List.copyOf(rowTypes.keySet());
    }

    /** The column names of a table, or an empty list for a name that is none. */
    List<String> columns(String table) {
        RelDataType row = rowTypes.get(table);
        return row == null ? List.of() : row.getFieldNames();
    }

    /** The names of every ROW column of every table. */
    Set<String> rowColumns() {
        Set<String> names = new LinkedHashSet<>();
        rowTypes.values().forEach(row -> row.getFieldList().stream()
                .filter(f -> f.getType().isStruct()).forEach(f -> names.add(f.getName())));
        return names;
    }

    /** The member names of the ROW columns of the tables the query read (at any depth). */
    Set<String> usedRowMembers() {
        Set<String> names = new LinkedHashSet<>();
        used.stream().map(rowTypes::get).forEach(row -> collectMembers(row, names, false));
        return names;
    }

    private static void collectMembers(RelDataType type, Set<String> names, boolean member) {
        for (var field : type.getFieldList()) {
            if (member) {
                names.add(field.getName());
            }
            if (field.getType().isStruct()) {
                collectMembers(field.getType(), names, true);
            }
        }
    }

    /** The tables the query read so far, in the order the validator met them. */
    Set<String> used() {
        return used;
    }

    /** The product views the query read, in order. */
    List<ProductView> usedViews() {
        return used.stream().filter(views::containsKey).map(views::get).toList();
    }

    FlinkTypes types() {
        return types;
    }

    /** A table of the catalog; the validator asks its row type when, and only when, a query reads it. */
    private class Table extends AbstractTable {
        private final String name;
        private final RelDataType rowType;

        Table(String name, RelDataType rowType) {
            this.name = name;
            this.rowType = rowType;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            used.add(name);
            return rowType;
        }
    }

    /**
     * A versioned view (the device attributes): Calcite accepts {@code FOR SYSTEM_TIME AS OF} only on a
     * {@link TemporalTable}, whose period columns Flink does not use (its versions come from the view's key and
     * {@code update_time}); both name {@code update_time} here.
     */
    private final class VersionedTable extends Table implements TemporalTable {
        VersionedTable(String name, RelDataType rowType) {
            super(name, rowType);
        }

        @Override
        public String getSysStartFieldName() {
            return "update_time";
        }

        @Override
        public String getSysEndFieldName() {
            return "update_time";
        }
    }
}
