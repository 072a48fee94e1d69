package io.weft.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies that Alibaba MQTT clientIds ({@code id|key=value,...|}) are parsed as the Link SDKs send them. */
class MqttClientIdTest {

    @Test
    void parse_whenAlibabaDocumentedForm_thenIdAndPairs() {
        MqttClientId parsed = MqttClientId.parse("12345|securemode=3,signmethod=hmacsha1,timestamp=789|");

        assertThat(parsed.id()).isEqualTo("12345");
        assertThat(parsed.param("securemode")).contains("3");
        assertThat(parsed.signMethod()).contains(SignMethod.HMACSHA1);
        assertThat(parsed.timestamp()).contains("789");
    }

    @Test
    void parse_whenCSdk3Form_thenUnknownPairsKeptButIgnoredAndKnownOnesFoundInAnyOrder() {
        MqttClientId parsed = MqttClientId.parse(
                "pk.dn|timestamp=2524608000000,_v=sdk-c-3.x,securemode=3,signmethod=hmacsha256,lan=C,gw=0,ext=0|");

        assertThat(parsed.id()).isEqualTo("pk.dn");
        assertThat(parsed.signMethod()).contains(SignMethod.HMACSHA256);
        assertThat(parsed.timestamp()).contains("2524608000000");
        assertThat(parsed.param("securemode")).contains("3");
        assertThat(parsed.params()).containsEntry("_v", "sdk-c-3.x").containsEntry("lan", "C")
                .containsEntry("gw", "0").containsEntry("ext", "0").hasSize(7);
    }

    @Test
    void parse_whenPairsReordered_thenSameResult() {
        MqttClientId a = MqttClientId.parse("dev1|securemode=3,signmethod=hmacmd5,timestamp=1|");
        MqttClientId b = MqttClientId.parse("dev1|timestamp=1,signmethod=hmacmd5,securemode=3|");

        assertThat(a).isEqualTo(b);
    }

    @Test
    void parse_whenPlainClientId_thenNoParams() {
        MqttClientId parsed = MqttClientId.parse("just-an-id");

        assertThat(parsed.id()).isEqualTo("just-an-id");
        assertThat(parsed.params()).isEmpty();
        assertThat(parsed.signMethod()).isEmpty();
        assertThat(parsed.timestamp()).isEmpty();
        assertThat(parsed.format()).isEqualTo("just-an-id");
    }

    @Test
    void parse_whenEmptyId_thenIdEmptyAndPairsParsed() {
        MqttClientId parsed = MqttClientId.parse("|securemode=3,signmethod=hmacsha256|");

        assertThat(parsed.id()).isEmpty();
        assertThat(parsed.signMethod()).contains(SignMethod.HMACSHA256);
    }

    @Test
    void parse_whenClosingBarMissing_thenPairsStillRead() {
        MqttClientId parsed = MqttClientId.parse("id|securemode=3,signmethod=hmacsha1");

        assertThat(parsed.id()).isEqualTo("id");
        assertThat(parsed.signMethod()).contains(SignMethod.HMACSHA1);
    }

    @Test
    void parse_whenMalformedPairs_thenSkippedWithoutFailing() {
        MqttClientId parsed = MqttClientId.parse("id|,novalue,=orphan,signmethod=hmacsha1,,|");

        assertThat(parsed.params()).containsOnlyKeys("signmethod");
    }

    @Test
    void parse_whenKeyRepeated_thenFirstValueWins() {
        MqttClientId parsed = MqttClientId.parse("id|signmethod=hmacsha1,signmethod=hmacmd5|");

        assertThat(parsed.signMethod()).contains(SignMethod.HMACSHA1);
    }

    @Test
    void parse_whenValueContainsEquals_thenSplitAtFirstEquals() {
        MqttClientId parsed = MqttClientId.parse("id|ext=a=b|");

        assertThat(parsed.param("ext")).contains("a=b");
    }

    @Test
    void signMethod_whenUnknownOrMissing_thenEmpty() {
        assertThat(MqttClientId.parse("id|securemode=3,signmethod=hmacsha512|").signMethod()).isEmpty();
        assertThat(MqttClientId.parse("id|securemode=3|").signMethod()).isEmpty();
    }

    @Test
    void format_whenParsed_thenParsesBackToTheSameClientId() {
        MqttClientId parsed = MqttClientId.parse(
                "pk.dn|timestamp=2524608000000,_v=sdk-c-3.x,securemode=3,signmethod=hmacsha256,lan=C,gw=0,ext=0|");

        String formatted = parsed.format();

        assertThat(formatted).startsWith("pk.dn|").endsWith("|");
        assertThat(MqttClientId.parse(formatted)).isEqualTo(parsed);
    }
}
