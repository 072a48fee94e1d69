package io.weft.ingest.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicKind;
import io.weft.core.topic.TopicOperation;
import io.weft.ingest.auth.DeviceDirectory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What device {@code pk/dn} may publish and subscribe to: only its own Alibaba topics in the device-to-cloud
 * direction for PUBLISH; for SUBSCRIBE, filters whose wildcards sit below a prefix naming the device itself (or
 * its product's broadcasts), so no filter can ever match another device's topic. Custom topics and custom-topic RRPC
 * are covered by {@link TopicAclCustomTopicsTest}.
 */
class TopicAclTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("pk", "dn");
    /** Product {@code pk} has topic classes that open every custom topic these cases use. */
    private static final TopicAcl ACL = new TopicAcl(new DeviceDirectory() {
        @Override
        public DeviceEntry device(String productKey, String deviceName) {
            return null;
        }

        @Override
        public List<TopicClass> topicClasses(String productKey) {
            return List.of(new TopicClass("telemetry", TopicOperation.ALL, null),
                    new TopicClass("a/b/c", TopicOperation.PUB, null), new TopicClass("#", TopicOperation.SUB, null));
        }
    });

    // ---- PUBLISH ----

    @ParameterizedTest
    @ValueSource(strings = {
            "/sys/pk/dn/thing/event/property/post",
            "/sys/pk/dn/thing/event/property/pack/post",
            "/sys/pk/dn/thing/event/property/history/post",
            "/sys/pk/dn/thing/event/alarm/post",
            "/sys/pk/dn/thing/service/property/set_reply",
            "/sys/pk/dn/thing/service/property/get_reply",
            "/sys/pk/dn/thing/service/reboot_reply",
            "/sys/pk/dn/thing/model/up_raw",
            "/sys/pk/dn/thing/model/down_raw_reply",
            "/sys/pk/dn/thing/deviceinfo/update",
            "/sys/pk/dn/thing/config/get",
            "/sys/pk/dn/thing/config/push_reply",
            "/sys/pk/dn/thing/topo/add",
            "/sys/pk/dn/thing/sub/register",
            "/sys/pk/dn/rrpc/response/1234",
            "/pk/dn/update",
            "/pk/dn/update/error",
            "/pk/dn/user/telemetry",
            "/pk/dn/user/a/b/c",
            "/shadow/update/pk/dn",
            "/ota/device/inform/pk/dn",
            "/ota/device/progress/pk/dn",
            "/ota/device/request/pk/dn",
            "/ext/ntp/pk/dn/request"})
    void mayPublish_whenOwnUplinkTopic_thenAllowed(String topic) {
        assertThat(ACL.mayPublish(DEVICE, topic)).isPresent();
    }

    @Test
    void mayPublish_whenAllowed_thenReturnsTheParsedTopic() {
        assertThat(ACL.mayPublish(DEVICE, "/sys/pk/dn/thing/event/alarm/post")).hasValueSatisfying(t -> {
            assertThat(t.kind()).isEqualTo(TopicKind.EVENT_POST);
            assertThat(t.productKey()).isEqualTo("pk");
            assertThat(t.deviceName()).isEqualTo("dn");
            assertThat(t.id()).isEqualTo("alarm");
        });
    }

    /**
     * A session keeps a lasting yes for the topic it publishes on again; custom topics and custom-topic RRPC answers
     * are never kept, since their product's topic classes can change between two PUBLISHes.
     */
    @Test
    void lasting_whenCustomTopicOrCustomRrpcAnswer_thenNot() {
        String property = "/sys/pk/dn/thing/event/property/post";
        String custom = "/pk/dn/user/telemetry";
        String rrpc = "/ext/rrpc/42/pk/dn/user/telemetry";

        assertThat(TopicAcl.lasting(property, ACL.mayPublish(DEVICE, property).orElseThrow())).isTrue();
        assertThat(TopicAcl.lasting(custom, ACL.mayPublish(DEVICE, custom).orElseThrow())).isFalse();
        assertThat(TopicAcl.lasting(rrpc, ACL.mayPublish(DEVICE, rrpc).orElseThrow())).isFalse();
    }

    /** Topics the cloud sends on: a device publishing there would impersonate the platform. */
    @ParameterizedTest
    @ValueSource(strings = {
            "/sys/pk/dn/thing/service/property/set",
            "/sys/pk/dn/thing/service/property/get",
            "/sys/pk/dn/thing/service/reboot",
            "/sys/pk/dn/thing/event/property/post_reply",
            "/sys/pk/dn/thing/event/alarm/post_reply",
            "/sys/pk/dn/thing/model/up_raw_reply",
            "/sys/pk/dn/thing/model/down_raw",
            "/sys/pk/dn/thing/deviceinfo/update_reply",
            "/sys/pk/dn/thing/config/get_reply",
            "/sys/pk/dn/thing/config/push",
            "/sys/pk/dn/rrpc/request/1234",
            "/sys/pk/dn/broadcast/request/77",
            "/pk/dn/get",
            "/shadow/get/pk/dn",
            "/ota/device/upgrade/pk/dn",
            "/ext/ntp/pk/dn/response"})
    void mayPublish_whenDownlinkOnlyTopic_thenRefused(String topic) {
        assertThat(ACL.mayPublish(DEVICE, topic)).isEmpty();
    }

    /**
     * Broadcast topics are downlink-only (ALIBABA.md: "/broadcast/{pk}/{custom} | down"); a device may subscribe
     * to its product's broadcasts but must not publish on them, or one device would speak for the platform to
     * every device of its product. docs/errors.md: a PUBLISH on "not a device uplink topic" closes the connection.
     */
    @Test
    void mayPublish_whenOwnProductsBroadcastTopic_thenRefused() {
        assertThat(ACL.mayPublish(DEVICE, "/broadcast/pk/firmware-news")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/sys/pk/other/thing/event/property/post",
            "/sys/pk/dn2/thing/event/property/post",
            "/sys/pk/d/thing/event/property/post",
            "/sys/otherPk/dn/thing/event/property/post",
            "/sys/pk2/dn/thing/event/property/post",
            "/pk/other/update",
            "/pk/other/user/telemetry",
            "/otherPk/dn/user/telemetry",
            "/shadow/update/pk/other",
            "/ota/device/inform/otherPk/dn",
            "/ext/ntp/pk/other/request",
            "/broadcast/otherPk/news",
            "/sys/pk/other/rrpc/response/1234",
            "/sys/otherPk/dn/rrpc/response/1234"})
    void mayPublish_whenAnotherDevicesOrProductsTopic_thenRefused(String topic) {
        assertThat(ACL.mayPublish(DEVICE, topic)).isEmpty();
    }

    /** A device can answer only the RRPC requests sent to it: another device's response topic is refused. */
    @Test
    void mayPublish_whenAnotherDevicesRrpcResponse_thenRefused_andOwnIsParsedWithItsMessageId() {
        assertThat(ACL.mayPublish(DEVICE, "/sys/pk/dn2/rrpc/response/42")).isEmpty();
        assertThat(ACL.mayPublish(new DeviceIdentity("pk", "dn2"), "/sys/pk/dn/rrpc/response/42")).isEmpty();
        assertThat(ACL.mayPublish(DEVICE, "/sys/pk/dn/rrpc/response/42")).hasValueSatisfying(t -> {
            assertThat(t.kind()).isEqualTo(TopicKind.RRPC_RESPONSE);
            assertThat(t.id()).isEqualTo("42");
        });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "sys/pk/dn/thing/event/property/post",
            "/sys/pk/dn/thing/event/property/post/",
            "/sys/pk/dn",
            "/sys/pk//thing/event/property/post",
            "/weft/internal",
            "/",
            "/sys/pk/dn/thing/event/+/post",
            "/pk/dn/user/#"})
    void mayPublish_whenNotAConcreteAlibabaUplinkTopic_thenRefused(String topic) {
        assertThat(ACL.mayPublish(DEVICE, topic)).isEmpty();
    }

    // ---- SUBSCRIBE ----

    @ParameterizedTest
    @ValueSource(strings = {
            "/sys/pk/dn/thing/service/property/set",
            "/sys/pk/dn/thing/event/property/post_reply",
            "/sys/pk/dn/thing/service/+",
            "/sys/pk/dn/thing/event/+/post_reply",
            "/sys/pk/dn/rrpc/request/+",
            "/sys/pk/dn/#",
            "/pk/dn/get",
            "/pk/dn/user/#",
            "/broadcast/pk/#",
            "/broadcast/pk/news",
            "/shadow/get/pk/dn",
            "/ota/device/upgrade/pk/dn",
            "/ext/ntp/pk/dn/response",
            "/ext/ntp/pk/dn/+"})
    void maySubscribe_whenFilterStaysBelowTheDevicesOwnPrefix_thenAllowed(String filter) {
        assertThat(ACL.maySubscribe(DEVICE, filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "#",
            "+",
            "+/#",
            "/#",
            "/+/#",
            "/sys/#",
            "/sys/+",
            "/sys/pk/#",
            "/sys/pk/+",
            "/sys/pk/+/thing/service/property/set",
            "/sys/+/dn/thing/service/property/set",
            "/sys/+/+/#",
            "/sys/pk/other/#",
            "/sys/pk/dn2/#",
            "/sys/pk/dnx/thing/service/property/set",
            "/sys/otherPk/dn/#",
            "/pk/+/get",
            "/pk/#",
            "/+/dn/get",
            "/broadcast/#",
            "/broadcast/+/news",
            "/broadcast/otherPk/#",
            "/broadcast/pk2/news",
            "/shadow/get/pk/+",
            "/shadow/get/+/dn",
            "/shadow/get/pk/#",
            "/shadow/get/#",
            "/shadow/get/pk/dnx",
            "/ota/device/upgrade/pk/+",
            "/ota/device/upgrade/#",
            "/ext/ntp/pk/+/response",
            "/ext/ntp/#"})
    void maySubscribe_whenFilterCanReachBeyondTheDevice_thenRefused(String filter) {
        assertThat(ACL.maySubscribe(DEVICE, filter)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "/sys/pk/dn/a/#/b",
            "/sys/pk/dn/#/x",
            "/sys/pk/dn/a+",
            "/sys/pk/dn/thing/+service",
            "/sys/pk/dn/a#",
            "/sys/pk/dn/thing\u0000/service/property/set",
            "/sys/pk/dn//#"})
    void maySubscribe_whenFilterMalformed_thenRefused(String filter) {
        assertThat(ACL.maySubscribe(DEVICE, filter)).isFalse();
    }

    /** A device name equal to a prefix of another must not open the other's topics. */
    @Test
    void maySubscribe_whenDeviceNameIsAPrefixOfAnother_thenOnlyItsOwnTopics() {
        DeviceIdentity short1 = new DeviceIdentity("pk", "d");

        assertThat(ACL.maySubscribe(short1, "/sys/pk/d/#")).isTrue();
        assertThat(ACL.maySubscribe(short1, "/sys/pk/dn/#")).isFalse();
        assertThat(ACL.maySubscribe(short1, "/shadow/get/pk/dn")).isFalse();
        assertThat(ACL.maySubscribe(short1, "/ota/device/upgrade/pk/dn")).isFalse();
    }
}
