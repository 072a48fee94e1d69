package io.weft.ingest.acl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT 3.1.1 section 4.7: topic filter syntax, topic name syntax and matching. */
class TopicFiltersTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "/a", "a/", "/", "+", "#", "a/#", "+/b/+", "/+", "+/+", "sport/tennis/#",
            "sport/+/player1", "/sys/pk/dn/thing/service/+", "$SYS/#"})
    void valid_whenWellFormedFilter_thenTrue(String filter) {
        assertThat(TopicFilters.valid(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "#/a", "a#", "a/b#", "##", "a+", "+a", "a/+b/c", "a/b+", "++",
            "a\u0000b", "\u0000", "/sys/pk/dn/#/#"})
    void valid_whenMalformedFilter_thenFalse(String filter) {
        assertThat(TopicFilters.valid(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "/a/b", "a/b/", "/", "$SYS/broker"})
    void validTopicName_whenConcrete_thenTrue(String topic) {
        assertThat(TopicFilters.validTopicName(topic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#", "+", "a/#", "a/+/b", "a+", "a\u0000b"})
    void validTopicName_whenEmptyWildcardOrNul_thenFalse(String topic) {
        assertThat(TopicFilters.validTopicName(topic)).isFalse();
    }

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
            "a/b,            a/b",
            "+,              a",
            "#,              a",
            "#,              a/b/c",
            "#,              /a",
            "a/#,            a",
            "a/#,            a/",
            "a/#,            a/b",
            "a/#,            a/b/c",
            "a/+,            a/",
            "a/+/c,          a/b/c",
            "+/+,            /finance",
            "/+,             /finance",
            "sport/+/player1, sport/tennis/player1",
            "sport/tennis/player1/#, sport/tennis/player1",
            "$SYS/#,         $SYS/broker",
            "/sys/pk/dn/thing/service/+, /sys/pk/dn/thing/service/property"})
    void matches_whenTopicInFilter_thenTrue(String filter, String topic) {
        assertThat(TopicFilters.matches(filter.strip(), topic.strip())).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
            "a/b,            a",
            "a/b,            a/b/c",
            "a,              a/b",
            "+,              a/b",
            "+,              /finance",
            "a/+,            a",
            "a/+,            a/b/c",
            "a/+/c,          a/b/d",
            "a/#,            b",
            "a/#,            ab",
            "sport/+,        sport",
            "A/b,            a/b",
            "/sys/pk/dn/thing/service/+, /sys/pk/dn/thing/service/property/set"})
    void matches_whenTopicOutsideFilter_thenFalse(String filter, String topic) {
        assertThat(TopicFilters.matches(filter.strip(), topic.strip())).isFalse();
    }

    /** [MQTT-4.7.2-1]: filters starting with a wildcard must not match topic names beginning with '$'. */
    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
            "#,              $SYS/broker",
            "+/broker,       $SYS/broker",
            "+/#,            $SYS/broker"})
    void matches_whenWildcardFirstAndTopicStartsWithDollar_thenFalse(String filter, String topic) {
        assertThat(TopicFilters.matches(filter.strip(), topic.strip())).isFalse();
    }
}
