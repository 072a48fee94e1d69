package io.weft.sqlrules;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.sqlrules.alibaba.AlibabaRules;
import io.weft.sqlrules.flink.ProductViews;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every example in docs/rules.md. Each {@code ```sql} block is a rule for the thermostat product and must be
 * followed by either a {@code ```flink} block (the query it translates to) or a {@code ```text} block (its
 * problems, one per line, as {@link RuleProblem#toString()} prints them). A {@code ```flink-ddl} block is the
 * thermostat's property view.
 */
class DocsExamplesTest {
    private static final Path DOC = Path.of("..", "docs", "rules.md");

    private record Block(String lang, String body, int line) {
    }

    @TestFactory
    Stream<DynamicTest> everyExampleInRulesMd_doesWhatTheDocSays() throws IOException {
        List<Block> blocks = blocks(Files.readAllLines(DOC));
        AlibabaRules rules = new AlibabaRules();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block.lang().equals("flink-ddl")) {
                tests.add(DynamicTest.dynamicTest("rules.md:" + block.line() + " view DDL", () ->
                        assertThat(ProductViews.properties(Thermostat.model()).ddl()).isEqualTo(block.body())));
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
        assertThat(tests).hasSizeGreaterThan(10);
        return tests.stream();
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
