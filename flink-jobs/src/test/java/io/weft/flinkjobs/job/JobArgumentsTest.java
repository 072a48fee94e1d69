package io.weft.flinkjobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Job arguments are {@code --name value} pairs; anything else is refused with a message naming the argument. */
class JobArgumentsTest {

    @Test
    void parse_pairs_thenValuesAndFallbacks() {
        JobArguments args = JobArguments.parse(new String[] {"--bootstrap-servers", "k:9092", "--checkpoint-interval-ms",
                "500", "--notify-clears", "false", "--flap-threshold", "4"});

        assertThat(args.required("bootstrap-servers", "")).isEqualTo("k:9092");
        assertThat(args.number("checkpoint-interval-ms", 2000)).isEqualTo(500);
        assertThat(args.number("idle-timeout-ms", 10_000)).isEqualTo(10_000);
        assertThat(args.flag("notify-clears", true)).isFalse();
        assertThat(args.integer("flap-threshold", 3)).isEqualTo(4);
        assertThat(args.text("topic-prefix", "weft.")).isEqualTo("weft.");
        assertThat(args.optional("questdb")).isNull();
    }

    @Test
    void parse_whenMalformed_thenNamesTheArgument() {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"bootstrap", "k:9092"}))
                .hasMessage("expected --name value pairs, got bootstrap");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--group"}))
                .hasMessage("expected --name value pairs, --group has no value");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {}).required("group", "a RuleGroup's toArgument()"))
                .hasMessage("--group is required (a RuleGroup's toArgument())");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--checkpoint-interval-ms", "soon"})
                .number("checkpoint-interval-ms", 2000L))
                .hasMessage("--checkpoint-interval-ms must be a whole number, not 'soon'");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--notify-clears", "yes"}).flag("notify-clears", true))
                .hasMessage("--notify-clears must be true or false, not 'yes'");
    }
}
