package io.weft.ingest.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicKind;
import io.weft.core.topic.TopicOperation;
import io.weft.ingest.auth.DeviceDirectory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Custom topics {@code /{pk}/{dn}/user/...} follow the product's topic classes: PUBLISH needs a PUB or ALL class,
 * SUBSCRIBE a SUB or ALL class that matches every custom topic the filter can match; a product the directory has
 * no classes for gets Alibaba's defaults; another device's custom topics stay closed whatever the classes say.
 * Custom-topic RRPC ({@code /ext/rrpc/{id}{topic}}) follows the subscribe rule of the wrapped topic.
 */
class TopicAclCustomTopicsTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("pk", "dn");
    private final Map<String, List<TopicClass>> classes = new ConcurrentHashMap<>();
    private final TopicAcl acl = new TopicAcl(new DeviceDirectory() {
        @Override
        public DeviceEntry device(String productKey, String deviceName) {
            return null;
        }

        @Override
        public List<TopicClass> topicClasses(String productKey) {
            return classes.getOrDefault(productKey, TopicClass.DEFAULTS);
        }
    });

    TopicAclCustomTopicsTest() {
        classes.put("pk", List.of(
                new TopicClass("telemetry", TopicOperation.PUB, null),
                new TopicClass("command", TopicOperation.SUB, null),
                new TopicClass("chat", TopicOperation.ALL, null),
                new TopicClass("sensors/+/reading", TopicOperation.SUB, null),
                new TopicClass("files/#", TopicOperation.SUB, null)));
    }

    // ---- defaults ----

    @Test
    void productWithoutClasses_getsAlibabasDefaults() {
        DeviceIdentity device = new DeviceIdentity("fresh", "dn");

        assertThat(acl.mayPublish(device, "/fresh/dn/user/update")).isPresent();
        assertThat(acl.mayPublish(device, "/fresh/dn/user/update/error")).isPresent();
        assertThat(acl.mayPublish(device, "/fresh/dn/user/get")).isEmpty();
        assertThat(acl.mayPublish(device, "/fresh/dn/user/other")).isEmpty();
        assertThat(acl.maySubscribe(device, "/fresh/dn/user/get")).isTrue();
        assertThat(acl.maySubscribe(device, "/fresh/dn/user/update")).isFalse();
        assertThat(acl.maySubscribe(device, "/fresh/dn/user/#")).isFalse();
    }

    // ---- PUBLISH: own device, PUB vs SUB ----

    @ParameterizedTest
    @ValueSource(strings = {"/pk/dn/user/telemetry", "/pk/dn/user/chat"})
    void mayPublish_onPubOrAllClass_thenAllowedAsUserTopic(String topic) {
        assertThat(acl.mayPublish(DEVICE, topic)).hasValueSatisfying(t -> {
            assertThat(t.kind()).isEqualTo(TopicKind.USER);
            assertThat(t.deviceName()).isEqualTo("dn");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/pk/dn/user/command",              // SUB only
            "/pk/dn/user/sensors/3/reading",    // matches a SUB-only wildcard class
            "/pk/dn/user/files/a",              // matches a SUB-only '#' class
            "/pk/dn/user/telemetry/more",       // one level deeper than the class
            "/pk/dn/user/nope",                 // no class
            "/pk/dn/user/update",               // a default, but the product replaced the defaults
            "/pk/other/user/telemetry",         // another device's PUB topic
            "/pk2/dn/user/telemetry"})          // another product
    void mayPublish_withoutAPubClassOfTheOwnDevice_thenRefused(String topic) {
        assertThat(acl.mayPublish(DEVICE, topic)).isEmpty();
    }

    // ---- SUBSCRIBE: own device, wildcards ----

    @ParameterizedTest
    @ValueSource(strings = {
            "/pk/dn/user/command",
            "/pk/dn/user/chat",
            "/pk/dn/user/sensors/3/reading",
            "/pk/dn/user/sensors/+/reading",    // exactly the class
            "/pk/dn/user/files",                // 'files/#' matches its parent level too
            "/pk/dn/user/files/a/b",
            "/pk/dn/user/files/+",
            "/pk/dn/user/files/#",
            "/pk/dn/+/command",                 // '+' can only stand for 'user' among custom topics
            "/pk/dn/update",                    // legacy topics are not custom topics: unchanged
            "/pk/dn/get",
            "/pk/dn/+"})                        // matches /pk/dn/user itself, which is no custom topic
    void maySubscribe_whenOneSubClassCoversEveryMatchingCustomTopic_thenAllowed(String filter) {
        assertThat(acl.maySubscribe(DEVICE, filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/pk/dn/user/telemetry",            // PUB only
            "/pk/dn/user/nope",
            "/pk/dn/user/+",                    // would match 'telemetry' (PUB only)
            "/pk/dn/user/#",
            "/pk/dn/#",                         // reaches every custom topic
            "/pk/dn/+/telemetry",
            "/pk/dn/user/sensors/#",            // wider than 'sensors/+/reading'
            "/pk/dn/user/sensors/3/+",          // 'sensors/3/x' has no class
            "/pk/dn/user/+/3/reading",          // 'x/3/reading' has no class
            "/pk/dn/user/+/+/reading",
            "/pk/other/user/command",           // another device, even on a SUB class
            "/pk/+/user/command",               // wildcard in the device level
            "/+/dn/user/command",
            "/pk/#"})
    void maySubscribe_whenTheFilterCanMatchACustomTopicNoSubClassAllows_thenRefused(String filter) {
        assertThat(acl.maySubscribe(DEVICE, filter)).isFalse();
    }

    /** A SUB class {@code #} opens the whole custom subtree, and then {@code /pk/dn/#} too. */
    @Test
    void maySubscribe_withAHashClass_thenWholeSubtreeAllowedButNeverAnotherDevices() {
        classes.put("pk", List.of(new TopicClass("#", TopicOperation.SUB, null)));

        assertThat(acl.maySubscribe(DEVICE, "/pk/dn/user/#")).isTrue();
        assertThat(acl.maySubscribe(DEVICE, "/pk/dn/#")).isTrue();
        assertThat(acl.maySubscribe(DEVICE, "/pk/+/user/#")).isFalse();
        assertThat(acl.maySubscribe(DEVICE, "/pk/other/user/a")).isFalse();
    }

    /** The directory is asked on every packet: a class change applies to the next PUBLISH and SUBSCRIBE. */
    @Test
    void classChange_appliesToTheNextPacket() {
        assertThat(acl.mayPublish(DEVICE, "/pk/dn/user/late")).isEmpty();

        classes.put("pk", List.of(new TopicClass("late", TopicOperation.ALL, null)));

        assertThat(acl.mayPublish(DEVICE, "/pk/dn/user/late")).isPresent();
        assertThat(acl.maySubscribe(DEVICE, "/pk/dn/user/late")).isTrue();
        assertThat(acl.mayPublish(DEVICE, "/pk/dn/user/telemetry")).isEmpty();
    }

    // ---- custom-topic RRPC ----

    @ParameterizedTest
    @ValueSource(strings = {
            "/ext/rrpc/+/pk/dn/user/command",
            "/ext/rrpc/+/pk/dn/user/chat",
            "/ext/rrpc/+/pk/dn/user/sensors/+/reading",
            "/ext/rrpc/123/pk/dn/user/command",
            "/ext/rrpc/+/sys/pk/dn/thing/service/+"})   // Alibaba's SDK subscribes to this with ext=1
    void maySubscribe_rrpcOnATopicTheDeviceMaySubscribe_thenAllowed(String filter) {
        assertThat(acl.maySubscribe(DEVICE, filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/ext/rrpc/#",
            "/ext/rrpc/+/#",
            "/ext/rrpc/+",
            "/ext/rrpc/+/pk/dn/user/telemetry",          // PUB-only class
            "/ext/rrpc/+/pk/other/user/command",         // another device
            "/ext/rrpc/+/pk/+/user/command",
            "/ext/rrpc/+/ext/rrpc/+/pk/dn/user/command", // nested
            "/ext/rrpc/+/+/dn/user/command"})
    void maySubscribe_rrpcOnATopicTheDeviceMayNotSubscribe_thenRefused(String filter) {
        assertThat(acl.maySubscribe(DEVICE, filter)).isFalse();
    }

    @Test
    void mayPublish_rrpcAnswerOnASubClass_thenItIsAnRrpcResponseWithTheMessageId() {
        assertThat(acl.mayPublish(DEVICE, "/ext/rrpc/987/pk/dn/user/command")).hasValueSatisfying(t -> {
            assertThat(t.kind()).isEqualTo(TopicKind.RRPC_RESPONSE);
            assertThat(t.productKey()).isEqualTo("pk");
            assertThat(t.deviceName()).isEqualTo("dn");
            assertThat(t.id()).isEqualTo("987");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/ext/rrpc/987/pk/other/user/command",       // answering for another device
            "/ext/rrpc/987/pk/dn/user/telemetry",        // PUB-only class: no request can have come on it
            "/ext/rrpc/987/pk/dn/user/nope",
            "/ext/rrpc/+/pk/dn/user/command",            // wildcard in a topic name
            "/ext/rrpc/987/ext/rrpc/1/pk/dn/user/command",
            "/ext/rrpc/987"})
    void mayPublish_rrpcAnswerOnATopicTheDeviceMayNotSubscribe_thenRefused(String topic) {
        assertThat(acl.mayPublish(DEVICE, topic)).isEmpty();
    }
}
