package io.weft.controlplane.rule.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.controlplane.api.ApiException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The grouping documented in docs/configuration.md and whether rule jobs are available. */
class RuleJobPropertiesTest {

    @Test
    void groupOf_isTheIdsHashCodeModuloTheGroupCount_andNeverNegative() {
        RuleJobProperties four = new RuleJobProperties(null, null, null, 4, 60_000, null);

        assertThat(four.groupOf("hot-rooms")).isEqualTo("g" + Math.floorMod("hot-rooms".hashCode(), 4));
        assertThat(four.groupOf("hot-rooms")).isEqualTo("g0"); // as docs/rules.md shows it
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(new RuleJobProperties(null, null, null, 3, 60_000, null).groupOf("polygenelubricants"))
                .isEqualTo("g" + Math.floorMod(Integer.MIN_VALUE, 3));
    }

    @Test
    void withoutFlinkRestOrJobJar_ruleJobsAreNotAvailable_andStartIs503() {
        assertThat(new RuleJobProperties(URI.create("http://127.0.0.1:8091"), Path.of("jobs.jar"), null, 4, 60_000,
                null).available()).isTrue();
        assertThat(new RuleJobProperties(URI.create("http://127.0.0.1:8091"), null, null, 4, 60_000, null).available())
                .isFalse();
        RuleJobProperties none = new RuleJobProperties(null, null, null, 4, 60_000, null);
        assertThatThrownBy(none::requireAvailable).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(503);
            assertThat(e.title()).isEqualTo("Rule jobs not available");
        });
    }

    @Test
    void storeAvailable_onlyWithAStoreAddress() {
        assertThat(new RuleJobProperties(null, null, null, 4, 60_000, "127.0.0.1:9000").storeAvailable()).isTrue();
        assertThat(new RuleJobProperties(null, null, null, 4, 60_000, " ").storeAvailable()).isFalse();
        assertThat(new RuleJobProperties(null, null, null, 4, 60_000, null).storeAvailable()).isFalse();
    }
}
