package io.weft.sqlrules;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.tsl.ThingModel;
import io.weft.sqlrules.alibaba.AlibabaRules;
import io.weft.sqlrules.flink.FlinkParser;
import io.weft.sqlrules.flink.ProductView;
import io.weft.sqlrules.flink.ProductViews;
import io.weft.sqlrules.flinksql.FlinkSqlRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlKind;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every example in docs/rules.md. Each {@code ```sql} block is an Alibaba rule for the thermostat product and
 * must be followed by either a {@code ```flink} block (the query it translates to) or a {@code ```text} block (its
 * problems, one per line, as {@link RuleProblem#toString()} prints them). Each {@code ```flinksql} block is a Flink
 * SQL rule for the thermostat, followed by a {@code ```text} block: its problems, or for a valid rule
 * {@code views: ...} and {@code columns: ...}; the views' DDL and the query of a valid one must be accepted by
 * Flink's own parser. A {@code ```flink-ddl} block is one of the thermostat's views, named by its first line.
 */
class DocsExamplesTest {
    private static final Path DOC = Path.of("..", "docs", "rules.md");

    private record Block(String lang, String body, int line) {
    }

    @TestFactory
    Stream<DynamicTest> everyExampleInRulesMd_doesWhatTheDocSays() throws IOException {
        List<Block> blocks = blocks(Files.readAllLines(DOC));
        AlibabaRules rules = new AlibabaRules();
        FlinkSqlRules flinkRules = new FlinkSqlRules();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block.lang().equals("flink-ddl")) {
                tests.add(DynamicTest.dynamicTest("rules.md:" + block.line() + " view DDL", () ->
                        assertThat(thermostatViewDdls()).contains(block.body())));
            }
            if (block.lang().equals("flinksql")) {
                Block expected = i + 1 < blocks.size() ? blocks.get(i + 1) : new Block("", "", block.line());
                tests.add(DynamicTest.dynamicTest("rules.md:" + block.line() + " flinksql", () -> {
                    if (!expected.lang().equals("text")) {
                        throw new AssertionError("rules.md:" + block.line()
                                + ": a flinksql example must be followed by a text block with its outcome");
                    }
                    RuleCompilation result = flinkRules.compile(block.body(), Thermostat.model());
                    assertThat(outcome(result)).isEqualTo(expected.body());
                    if (result.valid()) {
                        for (String ddl : result.flink().viewDdls()) {
                            assertThat(FlinkParser.parse(ddl)).isNotNull();
                        }
                        assertThat(FlinkParser.parse(result.flink().query()).getKind().belongsTo(SqlKind.QUERY))
                                .isTrue();
                    }
                }));
            }
            if (!block.lang().equals("sql")) {
                continue;
            }
            Block expected = i + 1 < blocks.size() ? blocks.get(i + 1) : new Block("", "", block.line());
            tests.add(DynamicTest.dynamicTest("rules.md:" + block.line(), () -> {
                RuleCompilation result = rules.compile(block.body(), Thermostat.model());
                switch (expected.lang()) {
                    case "flink" -> {
                        assertThat(result.problems()).as("problems").isEmpty();
                        assertThat(result.flink().query()).isEqualTo(expected.body());
                    }
                    case "text" -> assertThat(result.problems().stream().map(RuleProblem::toString)
                            .collect(Collectors.joining("\n"))).isEqualTo(expected.body());
                    default -> throw new AssertionError("rules.md:" + block.line()
                            + ": a sql example must be followed by a flink or text block with its outcome");
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(25);
        return tests.stream();
    }

    private static String outcome(RuleCompilation result) {
        if (!result.valid()) {
            return result.problems().stream().map(RuleProblem::toString).collect(Collectors.joining("\n"));
        }
        return "views: " + result.flink().views().stream().map(ProductView::name).collect(Collectors.joining(", "))
                + "\ncolumns: " + String.join(", ", result.flink().outputs());
    }

    private static List<String> thermostatViewDdls() {
        ThingModel model = Thermostat.model();
        List<String> ddls = new ArrayList<>();
        ddls.add(ProductViews.properties(model).ddl());
        model.events().forEach(e -> ddls.add(ProductViews.event(model, e).ddl()));
        ddls.add(ProductViews.attributes(model).ddl());
        ddls.add(ProductViews.status(model.productKey()).ddl());
        return ddls;
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```") && line.length() > 3) {
                String lang = line.substring(3).trim();
                int start = i + 1;
                int end = start;
                while (!lines.get(end).startsWith("```")) {
                    end++;
                }
                blocks.add(new Block(lang, String.join("\n", lines.subList(start, end)), i + 1));
                i = end;
            }
        }
        return blocks;
    }
}
