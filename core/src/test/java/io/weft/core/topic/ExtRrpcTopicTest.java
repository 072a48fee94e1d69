package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /ext/rrpc/${messageId}${topic}}: the wrapped topic keeps its leading slash, as Alibaba's SDKs build it. */
class ExtRrpcTopicTest {

    @Test
    void parse_splitsMessageIdAndWrappedTopic() {
        assertThat(ExtRrpcTopic.parse("/ext/rrpc/42/a1pk/dev1/user/get"))
                .contains(new ExtRrpcTopic("42", "/a1pk/dev1/user/get"));
        assertThat(ExtRrpcTopic.parse("/ext/rrpc/+/a1pk/dev1/user/get"))
                .contains(new ExtRrpcTopic("+", "/a1pk/dev1/user/get"));
    }

    @Test
    void format_isTheInverse() {
        assertThat(new ExtRrpcTopic("42", "/a1pk/dev1/user/get").format()).isEqualTo("/ext/rrpc/42/a1pk/dev1/user/get");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ext/rrpc/", "/ext/rrpc/42", "/ext/rrpc/42/", "/ext/rrpc//a", "/ext/ntp/pk/dn/request",
            "/sys/pk/dn/rrpc/request/1", "ext/rrpc/1/a"})
    void parse_whenNotACustomRrpcTopic_thenEmpty(String topic) {
        assertThat(ExtRrpcTopic.parse(topic)).isEmpty();
    }
}
