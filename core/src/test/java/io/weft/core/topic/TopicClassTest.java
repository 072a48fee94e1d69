package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Alibaba's rules for a custom topic class name (the levels after {@code /user/}): letters, digits and {@code _},
 * no empty level; {@code +} and {@code #} only in a SUB class, {@code #} only last.
 */
class TopicClassTest {

    @ParameterizedTest
    @ValueSource(strings = {"update", "update/error", "a_b/C9/x", "A"})
    void valid_forEveryOperation(String name) {
        for (TopicOperation operation : TopicOperation.values()) {
            assertThat(new TopicClass(name, operation, null).problems()).as(operation.name()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "a/+/b", "a/#", "+/+/#"})
    void wildcards_onlyInASubClass(String name) {
        assertThat(new TopicClass(name, TopicOperation.SUB, null).problems()).isEmpty();
        assertThat(new TopicClass(name, TopicOperation.PUB, null).problems()).isNotEmpty();
        assertThat(new TopicClass(name, TopicOperation.ALL, null).problems()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "/a", "a/", "a//b", "a-b", "a b", "a.b", "中文", "a/#/b", "a+", "#a", "${deviceName}"})
    void invalid_names(String name) {
        assertThat(new TopicClass(name, TopicOperation.SUB, null).problems()).isNotEmpty();
    }

    @Test
    void limits_nameAndDescriptionLength_andOperationRequired() {
        assertThat(new TopicClass("a".repeat(64), TopicOperation.PUB, "d".repeat(100)).problems()).isEmpty();
        assertThat(new TopicClass("a".repeat(65), TopicOperation.PUB, null).problems()).hasSize(1);
        assertThat(new TopicClass("a", TopicOperation.PUB, "d".repeat(101)).problems()).hasSize(1);
        assertThat(new TopicClass("a", null, null).problems()).hasSize(1);
        assertThat(new TopicClass(null, TopicOperation.PUB, null).problems()).hasSize(1);
    }

    @Test
    void matches_withMqttSemantics() {
        assertThat(new TopicClass("a/b", TopicOperation.PUB, null).matches("a/b")).isTrue();
        assertThat(new TopicClass("a/b", TopicOperation.PUB, null).matches("a/b/c")).isFalse();
        assertThat(new TopicClass("a/b", TopicOperation.PUB, null).matches("a")).isFalse();
        assertThat(new TopicClass("a/+/c", TopicOperation.SUB, null).matches("a/x/c")).isTrue();
        assertThat(new TopicClass("a/+/c", TopicOperation.SUB, null).matches("a/x/y")).isFalse();
        assertThat(new TopicClass("a/#", TopicOperation.SUB, null).matches("a")).isTrue();
        assertThat(new TopicClass("a/#", TopicOperation.SUB, null).matches("a/x/y")).isTrue();
        assertThat(new TopicClass("a/#", TopicOperation.SUB, null).matches("b")).isFalse();
    }

    @Test
    void templateAndTopic() {
        TopicClass c = new TopicClass("update/error", TopicOperation.PUB, null);

        assertThat(c.template("a1pk")).isEqualTo("/a1pk/${deviceName}/user/update/error");
        assertThat(c.topicOf("a1pk", "dev1")).isEqualTo("/a1pk/dev1/user/update/error");
    }

    @Test
    void defaults_areAlibabas() {
        assertThat(TopicClass.DEFAULTS).extracting(TopicClass::name, TopicClass::operation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("update", TopicOperation.PUB),
                org.assertj.core.groups.Tuple.tuple("update/error", TopicOperation.PUB),
                org.assertj.core.groups.Tuple.tuple("get", TopicOperation.SUB));
    }
}
