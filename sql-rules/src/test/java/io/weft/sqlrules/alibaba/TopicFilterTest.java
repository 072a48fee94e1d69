package io.weft.sqlrules.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.sqlrules.alibaba.TopicFilter.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The FROM topic filter: product, device part and what the rule reads. */
class TopicFilterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "/a1thermo/+/thing/event/property/post,       PROPERTY_POST, a1thermo, -,       -,        -",
            "/sys/a1thermo/+/thing/event/property/post,   PROPERTY_POST, a1thermo, -,       -,        -",
            "/a1thermo/kitchen/thing/event/property/post, PROPERTY_POST, a1thermo, kitchen, -,        -",
            "/sys/a1thermo/+/thing/event/overheat/post,   EVENT_POST,    a1thermo, -,       overheat, -",
            "/a1thermo/dev-1/thing/event/overheat/post,   EVENT_POST,    a1thermo, dev-1,   overheat, -",
            "/a1thermo/+/user/update,                     CUSTOM,        a1thermo, -,       -,        update",
            "/a1thermo/+/user/+/data/#,                   CUSTOM,        a1thermo, -,       -,        +/data/#",
            "/as/mqtt/status/a1thermo/+,                  STATUS,        a1thermo, -,       -,        -",
            "/as/mqtt/status/a1thermo/kitchen,            STATUS,        a1thermo, kitchen, -,        -"})
    void parse_readsProductDeviceAndKind(String text, Kind kind, String productKey, String deviceName,
                                         String eventId, String customPath) {
        TopicFilter.Parsed parsed = TopicFilter.parse(text);

        assertThat(parsed.problem()).isNull();
        assertThat(parsed.filter()).isEqualTo(new TopicFilter(text, kind, productKey, deviceName, eventId,
                customPath));
        assertThat(parsed.filter().allDevices()).isEqualTo(deviceName == null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a1thermo/+/thing/event/property/post    | a topic filter starts with '/'",
            "/+/+/thing/event/property/post          | a rule reads one product: put its product key where '+' is",
            "/a1thermo/#                             | use '+' for every device of the product, not '#'",
            "/a1thermo/#/thing/event/property/post   | use '+' for every device of the product, not '#'",
            "/a1thermo/+/thing/event/+/post          | a rule reads one event: put its identifier where '+' is",
            "/a1thermo/+/user/#/x                    | '#' may only be the last level",
            "/a1thermo/d+v/thing/event/property/post | 'd+v' is not a device name or '+'",
            "/a1thermo/+/thing/service/property/set  | use one of",
            "/as/mqtt/status/+/+                     | a rule reads one product: put its product key where '+' is",
            "/as/mqtt/status/a1thermo/#              | use '+' for every device of the product, not '#'",
            "/as/mqtt/status/a1thermo                | a device-status topic is /as/mqtt/status/{productKey}/{deviceName or +}",
            "/as/mqtt/status/a1thermo/+/x            | a device-status topic is /as/mqtt/status/{productKey}/{deviceName or +}"})
    void parse_refusesWhatARuleCannotRead_andSaysWhy(String text, String why) {
        TopicFilter.Parsed parsed = TopicFilter.parse(text);

        assertThat(parsed.filter()).isNull();
        assertThat(parsed.problem()).startsWith("'" + text + "' is not a topic a rule can read").contains(why)
                .contains("/{productKey}/{deviceName or +}/thing/event/property/post")
                .contains("/as/mqtt/status/{productKey}/{deviceName or +}");
    }
}
