package io.weft.sqlrules.flink;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.flink.sql.parser.impl.FlinkSqlParserImpl;
import org.apache.flink.sql.parser.validate.FlinkSqlConformance;

/**
 * Flink's own SQL grammar (flink-sql-parser, configured as Flink's table environment configures it: backticks,
 * names as written). It checks syntax only; function names and types are resolved by the planner in flink-jobs.
 */
public final class FlinkParser {
    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(FlinkSqlParserImpl.FACTORY)
            .withQuoting(Quoting.BACK_TICK)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withConformance(FlinkSqlConformance.DEFAULT);

    private FlinkParser() {
    }

    public static SqlNode parse(String statement) throws SqlParseException {
        return SqlParser.create(statement, CONFIG).parseStmt();
    }
}
