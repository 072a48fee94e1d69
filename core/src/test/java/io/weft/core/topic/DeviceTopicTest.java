package io.weft.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that Alibaba device topics (ALIBABA.md, "Topics") parse into their category, device and variable
 * part, format back to the same string, and that anything that is not a concrete Alibaba topic is refused.
 */
class DeviceTopicTest {
    private static final String PK = "a1B2c3D4e5";
    private static final String DN = "sensor-01";

    /** One concrete topic per {@link TopicKind}, with what it must parse to. */
    static Stream<Arguments> everyKind() {
        String sys = "/sys/" + PK + "/" + DN;
        return Stream.of(
                Arguments.of(sys + "/thing/event/property/post", TopicKind.PROPERTY_POST, DN, null),
                Arguments.of(sys + "/thing/event/property/post_reply", TopicKind.PROPERTY_POST_REPLY, DN, null),
                Arguments.of(sys + "/thing/event/property/pack/post", TopicKind.PROPERTY_PACK_POST, DN, null),
                Arguments.of(sys + "/thing/event/property/pack/post_reply", TopicKind.PROPERTY_PACK_POST_REPLY, DN,
                        null),
                Arguments.of(sys + "/thing/event/property/history/post", TopicKind.PROPERTY_HISTORY_POST, DN, null),
                Arguments.of(sys + "/thing/event/property/history/post_reply", TopicKind.PROPERTY_HISTORY_POST_REPLY,
                        DN, null),
                Arguments.of(sys + "/thing/event/Overheat/post", TopicKind.EVENT_POST, DN, "Overheat"),
                Arguments.of(sys + "/thing/event/Overheat/post_reply", TopicKind.EVENT_POST_REPLY, DN, "Overheat"),
                Arguments.of(sys + "/thing/service/property/set", TopicKind.PROPERTY_SET, DN, null),
                Arguments.of(sys + "/thing/service/property/set_reply", TopicKind.PROPERTY_SET_REPLY, DN, null),
                Arguments.of(sys + "/thing/service/property/get", TopicKind.PROPERTY_GET, DN, null),
                Arguments.of(sys + "/thing/service/property/get_reply", TopicKind.PROPERTY_GET_REPLY, DN, null),
                Arguments.of(sys + "/thing/service/Reboot", TopicKind.SERVICE, DN, "Reboot"),
                Arguments.of(sys + "/thing/service/Reboot_reply", TopicKind.SERVICE_REPLY, DN, "Reboot"),
                Arguments.of(sys + "/thing/model/up_raw", TopicKind.RAW_UP, DN, null),
                Arguments.of(sys + "/thing/model/up_raw_reply", TopicKind.RAW_UP_REPLY, DN, null),
                Arguments.of(sys + "/thing/model/down_raw", TopicKind.RAW_DOWN, DN, null),
                Arguments.of(sys + "/thing/model/down_raw_reply", TopicKind.RAW_DOWN_REPLY, DN, null),
                Arguments.of(sys + "/thing/deviceinfo/update", TopicKind.DEVICEINFO_UPDATE, DN, null),
                Arguments.of(sys + "/thing/deviceinfo/update_reply", TopicKind.DEVICEINFO_UPDATE_REPLY, DN, null),
                Arguments.of(sys + "/thing/config/get", TopicKind.CONFIG_GET, DN, null),
                Arguments.of(sys + "/thing/config/get_reply", TopicKind.CONFIG_GET_REPLY, DN, null),
                Arguments.of(sys + "/thing/config/push", TopicKind.CONFIG_PUSH, DN, null),
                Arguments.of(sys + "/thing/config/push_reply", TopicKind.CONFIG_PUSH_REPLY, DN, null),
                Arguments.of(sys + "/thing/topo/add", TopicKind.THING_OTHER, DN, "topo/add"),
                Arguments.of(sys + "/rrpc/request/1234567890123", TopicKind.RRPC_REQUEST, DN, "1234567890123"),
                Arguments.of(sys + "/rrpc/response/1234567890123", TopicKind.RRPC_RESPONSE, DN, "1234567890123"),
                Arguments.of(sys + "/broadcast/request/42", TopicKind.SYS_BROADCAST_REQUEST, DN, "42"),
                Arguments.of("/" + PK + "/" + DN + "/update", TopicKind.UPDATE, DN, null),
                Arguments.of("/" + PK + "/" + DN + "/update/error", TopicKind.UPDATE_ERROR, DN, null),
                Arguments.of("/" + PK + "/" + DN + "/get", TopicKind.GET, DN, null),
                Arguments.of("/" + PK + "/" + DN + "/user/floor/3/temp", TopicKind.USER, DN, "floor/3/temp"),
                Arguments.of("/broadcast/" + PK + "/firmware/notice", TopicKind.BROADCAST, null, "firmware/notice"),
                Arguments.of("/shadow/update/" + PK + "/" + DN, TopicKind.SHADOW_UPDATE, DN, null),
                Arguments.of("/shadow/get/" + PK + "/" + DN, TopicKind.SHADOW_GET, DN, null),
                Arguments.of("/ota/device/inform/" + PK + "/" + DN, TopicKind.OTA_INFORM, DN, null),
                Arguments.of("/ota/device/upgrade/" + PK + "/" + DN, TopicKind.OTA_UPGRADE, DN, null),
                Arguments.of("/ota/device/progress/" + PK + "/" + DN, TopicKind.OTA_PROGRESS, DN, null),
                Arguments.of("/ota/device/request/" + PK + "/" + DN, TopicKind.OTA_REQUEST, DN, null),
                Arguments.of("/ext/ntp/" + PK + "/" + DN + "/request", TopicKind.NTP_REQUEST, DN, null),
                Arguments.of("/ext/ntp/" + PK + "/" + DN + "/response", TopicKind.NTP_RESPONSE, DN, null));
    }

    @Test
    void everyKind_coversEveryTopicKind() {
        Set<TopicKind> covered = EnumSet.noneOf(TopicKind.class);
        everyKind().forEach(a -> covered.add((TopicKind) a.get()[1]));

        assertThat(covered).containsExactlyInAnyOrder(TopicKind.values());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("everyKind")
    void parse_whenConcreteAlibabaTopic_thenKindDeviceAndId(String topic, TopicKind kind, String deviceName,
                                                           String id) {
        assertThat(DeviceTopic.parse(topic)).contains(new DeviceTopic(kind, PK, deviceName, id));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("everyKind")
    void format_whenBuiltFromParts_thenTheSameTopicString(String topic, TopicKind kind, String deviceName,
                                                         String id) {
        assertThat(DeviceTopic.of(kind, PK, deviceName, id).format()).isEqualTo(topic);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKind")
    void parseThenFormat_roundTrips(String topic, TopicKind kind, String deviceName, String id) {
        DeviceTopic parsed = DeviceTopic.parse(topic).orElseThrow();

        assertThat(parsed.format()).isEqualTo(topic);
        assertThat(DeviceTopic.parse(parsed.format())).contains(parsed);
    }

    @Test
    void parse_whenServiceIdEndsWithReply_thenServiceReplyNotService() {
        assertThat(DeviceTopic.parse("/sys/pk/dn/thing/service/Reboot_reply"))
                .contains(DeviceTopic.of(TopicKind.SERVICE_REPLY, "pk", "dn", "Reboot"));
    }

    @Test
    void parse_whenServiceReplyHasEmptyId_thenTakenAsServiceNamedReply() {
        // "_reply" alone is not "{id}_reply" with an id, so it is not a SERVICE_REPLY.
        assertThat(DeviceTopic.parse("/sys/pk/dn/thing/service/_reply").map(DeviceTopic::kind))
                .isNotEqualTo(Optional.of(TopicKind.SERVICE_REPLY));
    }

    @Test
    void parse_whenSysThingTopicIsUnknown_thenThingOtherWithTheRest() {
        assertThat(DeviceTopic.parse("/sys/pk/dn/thing/sub/register"))
                .contains(DeviceTopic.of(TopicKind.THING_OTHER, "pk", "dn", "sub/register"));
    }

    @Test
    void reply_whenRequestKind_thenReplyKindOnTheSameDeviceAndId() {
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_POST, "pk", "dn").reply())
                .contains(DeviceTopic.of(TopicKind.PROPERTY_POST_REPLY, "pk", "dn"));
        assertThat(DeviceTopic.of(TopicKind.EVENT_POST, "pk", "dn", "Overheat").reply().map(DeviceTopic::format))
                .contains("/sys/pk/dn/thing/event/Overheat/post_reply");
        assertThat(DeviceTopic.of(TopicKind.SERVICE, "pk", "dn", "Reboot").reply().map(DeviceTopic::format))
                .contains("/sys/pk/dn/thing/service/Reboot_reply");
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_SET, "pk", "dn").reply().map(DeviceTopic::format))
                .contains("/sys/pk/dn/thing/service/property/set_reply");
        assertThat(DeviceTopic.of(TopicKind.RAW_UP, "pk", "dn").reply().map(DeviceTopic::format))
                .contains("/sys/pk/dn/thing/model/up_raw_reply");
        assertThat(DeviceTopic.of(TopicKind.RAW_DOWN, "pk", "dn").reply().map(DeviceTopic::format))
                .contains("/sys/pk/dn/thing/model/down_raw_reply");
        assertThat(DeviceTopic.of(TopicKind.CONFIG_PUSH, "pk", "dn").reply().map(DeviceTopic::format))
                .contains("/sys/pk/dn/thing/config/push_reply");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKind")
    void reply_whenKindHasAReplyKind_thenReplyKeepsDeviceAndId(String topic, TopicKind kind, String deviceName,
                                                              String id) {
        Optional<DeviceTopic> reply = DeviceTopic.parse(topic).orElseThrow().reply();

        if (kind.replyKind() == null) {
            assertThat(reply).isEmpty();
        } else {
            assertThat(reply).contains(new DeviceTopic(kind.replyKind(), PK, deviceName, id));
            assertThat(DeviceTopic.parse(reply.get().format())).contains(reply.get());
        }
    }

    @Test
    void reply_whenAlreadyAReply_thenEmpty() {
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_POST_REPLY, "pk", "dn").reply()).isEmpty();
        assertThat(DeviceTopic.of(TopicKind.SERVICE_REPLY, "pk", "dn", "Reboot").reply()).isEmpty();
    }

    @Test
    void method_whenAlinkRequestTopic_thenAlinkMethodWithIdSubstituted() {
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_POST, "pk", "dn").method())
                .isEqualTo("thing.event.property.post");
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_PACK_POST, "pk", "dn").method())
                .isEqualTo("thing.event.property.pack.post");
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_HISTORY_POST, "pk", "dn").method())
                .isEqualTo("thing.event.property.history.post");
        assertThat(DeviceTopic.of(TopicKind.EVENT_POST, "pk", "dn", "Overheat").method())
                .isEqualTo("thing.event.Overheat.post");
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_SET, "pk", "dn").method())
                .isEqualTo("thing.service.property.set");
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_GET, "pk", "dn").method())
                .isEqualTo("thing.service.property.get");
        assertThat(DeviceTopic.of(TopicKind.SERVICE, "pk", "dn", "Reboot").method()).isEqualTo("thing.service.Reboot");
        assertThat(DeviceTopic.of(TopicKind.DEVICEINFO_UPDATE, "pk", "dn").method())
                .isEqualTo("thing.deviceinfo.update");
        assertThat(DeviceTopic.of(TopicKind.CONFIG_GET, "pk", "dn").method()).isEqualTo("thing.config.get");
        assertThat(DeviceTopic.of(TopicKind.CONFIG_PUSH, "pk", "dn").method()).isEqualTo("thing.config.push");
    }

    @Test
    void method_whenReplyOrNonAlinkTopic_thenNull() {
        assertThat(DeviceTopic.of(TopicKind.PROPERTY_POST_REPLY, "pk", "dn").method()).isNull();
        assertThat(DeviceTopic.of(TopicKind.RAW_UP, "pk", "dn").method()).isNull();
        assertThat(DeviceTopic.of(TopicKind.USER, "pk", "dn", "a/b").method()).isNull();
        assertThat(DeviceTopic.of(TopicKind.OTA_INFORM, "pk", "dn").method()).isNull();
    }

    @Test
    void belongsTo_whenSameDevice_thenTrue() {
        DeviceTopic topic = DeviceTopic.parse("/sys/pk/dn/thing/event/property/post").orElseThrow();

        assertThat(topic.belongsTo("pk", "dn")).isTrue();
    }

    @Test
    void belongsTo_whenOtherDeviceOrOtherProduct_thenFalse() {
        DeviceTopic topic = DeviceTopic.parse("/sys/pk/dn/thing/event/property/post").orElseThrow();

        assertThat(topic.belongsTo("pk", "dn2")).isFalse();
        assertThat(topic.belongsTo("pk2", "dn")).isFalse();
        assertThat(topic.belongsTo("dn", "pk")).isFalse();
    }

    @Test
    void belongsTo_whenProductBroadcast_thenEveryDeviceOfThatProductOnly() {
        DeviceTopic topic = DeviceTopic.parse("/broadcast/pk/news").orElseThrow();

        assertThat(topic.belongsTo("pk", "dn")).isTrue();
        assertThat(topic.belongsTo("pk", "other")).isTrue();
        assertThat(topic.belongsTo("pk2", "dn")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/sys/+/dn/thing/event/property/post",
            "/sys/pk/+/thing/event/property/post",
            "/sys/pk/dn/thing/event/+/post",
            "/sys/pk/dn/thing/event/property/+",
            "/sys/pk/dn/thing/service/+",
            "/sys/pk/dn/thing/service/+_reply",
            "/sys/pk/dn/thing/#",
            "/sys/pk/dn/#",
            "/sys/pk/dn/rrpc/request/+",
            "/pk/dn/user/#",
            "/pk/dn/user/a/+/c",
            "/broadcast/pk/#",
            "/broadcast/+/news",
            "/shadow/update/pk/+",
            "/ota/device/inform/#",
            "#",
            "/#",
            "+/sys/pk/dn/thing/event/property/post",
            "/sys/pk/dn/thing/event/proper+ty/post",
            "/sys/pk#/dn/thing/event/property/post",
    })
    void parse_whenWildcard_thenRefused(String filter) {
        assertThat(DeviceTopic.parse(filter)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/sys//dn/thing/event/property/post",
            "/sys/pk//thing/event/property/post",
            "/sys/pk/dn/thing/event//post",
            "/sys/pk/dn/thing/event/property/post/",
            "/sys/pk/dn/thing/service/",
            "/sys/pk/dn/thing/",
            "/sys/pk/dn/thing/topo//add",
            "/sys/pk/dn/rrpc/request/",
            "//pk/dn/update",
            "/pk//update",
            "/pk/dn/user/",
            "/pk/dn/user//a",
            "/broadcast/pk/",
            "/broadcast//news",
            "//sys/pk/dn/thing/event/property/post",
            "/",
    })
    void parse_whenEmptyLevel_thenRefused(String topic) {
        assertThat(DeviceTopic.parse(topic)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sys/pk/dn/thing/event/property/post",
            "pk/dn/update",
            "broadcast/pk/news",
            " /sys/pk/dn/thing/event/property/post",
    })
    void parse_whenNoLeadingSlash_thenRefused(String topic) {
        assertThat(DeviceTopic.parse(topic)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "/foo",
            "/foo/bar",
            "/sys/pk/dn",
            "/sys/pk/dn/thing",
            "/sys/pk/dn/unknown/thing",
            "/sys/pk/dn/rrpc/request",
            "/sys/pk/dn/rrpc/request/1/2",
            "/pk/dn/update/other",
            "/pk/dn/status",
            "/shadow/update/pk",
            "/shadow/update/pk/dn/extra",
            "/ota/device/inform/pk",
            "/ext/ntp/pk/dn/other",
            "/ext/session/gwpk/gwdn/combine/login",
    })
    void parse_whenNoAlibabaCategoryMatches_thenEmpty(String topic) {
        assertThat(DeviceTopic.parse(topic)).isEmpty();
    }

    @Test
    void parse_whenLongerThanMqttAllows_thenRefused() {
        String topic = "/pk/dn/user/" + "a".repeat(65536);

        assertThat(DeviceTopic.parse(topic)).isEmpty();
    }

    @Test
    void format_whenKindNeedsAnIdAndNoneGiven_thenThrows() {
        assertThatThrownBy(() -> DeviceTopic.of(TopicKind.EVENT_POST, "pk", "dn").format())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceTopic.of(TopicKind.USER, "pk", "dn").format())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceTopic.of(TopicKind.BROADCAST, "pk", null).format())
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A device topic without a device name is incomplete, like one without its id: format must refuse it rather
     * than produce {@code /sys/pk//thing/...}, a topic no device subscribes to and that parse itself rejects.
     */
    @Test
    void format_whenDeviceTopicHasNoDeviceName_thenThrows() {
        assertThatThrownBy(() -> DeviceTopic.of(TopicKind.PROPERTY_SET, "pk", null).format())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
