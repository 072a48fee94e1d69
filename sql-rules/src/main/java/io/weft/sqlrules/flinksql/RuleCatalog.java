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
 * The tables one rule compilation may read, as a Calcite catalog: the product views of the thing models (columns
 * and types exactly as {@link io.weft.sqlrules.flink.ProductViews} generates them) and {@link DeviceAttributes}.
 * Flink's type names {@code STRING} and {@code BYTES} resolve in {@code CAST(... AS STRING)}. Names are
 * case-sensitive, as in Flink. It remembers which tables the validator read, in order, so the compiled rule carries
 * the DDL of exactly the views its query reads.
 */
final class RuleCatalog {
    private final FlinkTypes types;
    private final Map<String, ProductView> views = new LinkedHashMap<>();
    private final Map<String, RelDataType> rowTypes = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final CalciteCatalogReader reader;

    RuleCatalog(FlinkTypes types, List<ProductView> productViews) {
        this.types = types;
        RelDataTypeFactory factory = types.factory();
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        for (ProductView view : productViews) {
            List<String> names = new ArrayList<>();
            List<RelDataType> columnTypes = new ArrayList<>();
            for (ViewColumn column : view.columns()) {
                names.add(column.name());
                columnTypes.add(types.parse(column.flinkType()));
            }
            add(root, view.name(), factory.createStructType(columnTypes, names));
            views.put(view.name(), view);
        }
        List<String> names = new ArrayList<>();
        List<RelDataType> columnTypes = new ArrayList<>();
        for (DeviceAttributes.Column column : DeviceAttributes.COLUMNS) {
            names.add(column.name());
            columnTypes.add(types.parse(column.flinkType()));
        }
        RelDataType attributes = factory.createStructType(columnTypes, names);
        rowTypes.put(DeviceAttributes.TABLE, attributes);
        root.add(DeviceAttributes.TABLE, new VersionedTable(DeviceAttributes.TABLE, attributes));
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

    /** Every table a rule may read: the views in order, then the device attributes. */
    List<String> tableNames() {
        return List.copyOf(rowTypes.keySet());
    }

    /** The column names of a table, or an empty list for a name that is none. */
    List<String> columns(String table) {
        RelDataType row = rowTypes.get(table);
        return row == null ? List.of() : row.getFieldNames();
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

    private void add(CalciteSchema root, String name, RelDataType rowType) {
        rowTypes.put(name, rowType);
        root.add(name, new Table(name, rowType));
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
     * The device attributes, a versioned table in Flink: Calcite accepts {@code FOR SYSTEM_TIME AS OF} only on a
     * {@link TemporalTable}, whose period columns Flink does not use (its versions come from the primary key and
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
