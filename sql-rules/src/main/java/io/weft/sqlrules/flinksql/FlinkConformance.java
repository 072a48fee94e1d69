package io.weft.sqlrules.flinksql;

import org.apache.calcite.sql.validate.SqlAbstractConformance;

/**
 * Flink 2.2's SQL conformance ({@code org.apache.flink.sql.parser.validate.FlinkSqlConformance.DEFAULT}), restated
 * because flink-sql-parser is not a dependency of this module: no {@code !=}, no GROUP BY alias or ordinal, no
 * {@code LIMIT start, count}, {@code %} allowed, ORDER BY alias and ordinal allowed. (Both parsers still read
 * {@code INTERVAL '5' MINUTES}.) What is not overridden here is Calcite's default, as it is in Flink.
 */
final class FlinkConformance extends SqlAbstractConformance {
    static final FlinkConformance INSTANCE = new FlinkConformance();

    private FlinkConformance() {
    }

    @Override
    public boolean isLiberal() {
        return false;
    }

    @Override
    public boolean allowCharLiteralAlias() {
        return false;
    }

    @Override
    public boolean isGroupByAlias() {
        return false;
    }

    @Override
    public boolean isGroupByOrdinal() {
        return false;
    }

    @Override
    public boolean isHavingAlias() {
        return false;
    }

    @Override
    public boolean isSortByOrdinal() {
        return true;
    }

    @Override
    public boolean isSortByAlias() {
        return true;
    }

    @Override
    public boolean isSortByAliasObscures() {
        return false;
    }

    @Override
    public boolean isFromRequired() {
        return false;
    }

    @Override
    public boolean isBangEqualAllowed() {
        return false;
    }

    @Override
    public boolean isPercentRemainderAllowed() {
        return true;
    }

    @Override
    public boolean isMinusAllowed() {
        return false;
    }

    @Override
    public boolean isApplyAllowed() {
        return false;
    }

    @Override
    public boolean allowNiladicParentheses() {
        return true;
    }

    @Override
    public boolean allowExplicitRowValueConstructor() {
        return true;
    }

    @Override
    public boolean allowExtend() {
        return false;
    }

    @Override
    public boolean isLimitStartCountAllowed() {
        return false;
    }

    @Override
    public boolean isOffsetLimitAllowed() {
        return false;
    }

    @Override
    public boolean allowPluralTimeUnits() {
        return false;
    }

    @Override
    public boolean allowQualifyingCommonColumn() {
        return true;
    }

    @Override
    public boolean isValueAllowed() {
        return true;
    }
}
