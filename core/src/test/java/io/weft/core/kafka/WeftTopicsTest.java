package io.weft.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies Weft's Kafka topic names under their prefix. */
class WeftTopicsTest {

    @Test
    void defaultPrefix_namesEveryTopic() {
        WeftTopics topics = WeftTopics.DEFAULT;

        assertThat(topics.up()).isEqualTo("weft.up");
        assertThat(topics.telemetry()).isEqualTo("weft.telemetry");
        assertThat(topics.rejected()).isEqualTo("weft.rejected");
        assertThat(topics.events()).isEqualTo("weft.events");
        assertThat(topics.down()).isEqualTo("weft.down");
        assertThat(topics.replies()).isEqualTo("weft.replies");
        assertThat(topics.registry()).isEqualTo("weft.registry");
        assertThat(topics.alerts()).isEqualTo("weft.alerts");
        assertThat(topics.alertDeadLetters()).isEqualTo("weft.alert-dead-letters");
        assertThat(topics.sessions()).isEqualTo("weft.sessions");
        assertThat(topics.retained()).isEqualTo("weft.retained");
        assertThat(topics.open()).isEqualTo("weft.open");
        assertThat(topics.registrations()).isEqualTo("weft.registrations");
    }

    @Test
    void compacted_areTheRegistrySessionsAndRetainedMessages() {
        WeftTopics topics = WeftTopics.DEFAULT;

        assertThat(topics.compacted()).containsExactlyInAnyOrder("weft.registry", "weft.sessions", "weft.retained");
        assertThat(topics.all()).containsAll(topics.compacted());
    }

    @Test
    void all_whenCustomPrefix_thenTwelveDistinctPrefixedNamesIncludingTheRegistry() {
        WeftTopics topics = new WeftTopics("test-42.");

        assertThat(topics.all()).hasSize(14).doesNotHaveDuplicates().allMatch(name -> name.startsWith("test-42."))
                .contains(topics.registry(), topics.up(), topics.down(), topics.registrations());
    }
}
