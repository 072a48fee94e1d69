package io.weft.flinkjobs.pipeline;

import static io.weft.flinkjobs.pipeline.Thermostat.DEVICE_TIME;
import static io.weft.flinkjobs.pipeline.Thermostat.propertyPost;
import static io.weft.flinkjobs.pipeline.Thermostat.propertyPostUplink;
import static io.weft.flinkjobs.pipeline.Thermostat.uplink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.weft.core.alink.AlinkCode;
import io.weft.core.alink.AlinkCodec;
import io.weft.core.alink.AlinkReply;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import io.weft.core.tsl.FieldError;
import io.weft.core.tsl.PropertyPoint;
import io.weft.core.tsl.ThingModel;
import org.junit.jupiter.api.Test;

/** The device pipeline's decision for one uplink, without Flink: telemetry or rejection, and the device's reply. */
class UplinkValidatorTest {
    private static final String PK = "a1Thermo";
    private static final String DN = "dev-1";
    private static final long RECEIVED_AT = 1_710_000_000_000L;
    private static final long MESSAGE_ID = 42L;
    private static final ThingModel MODEL = Thermostat.model(PK);

    private static Uplink post(String payload) {
        return propertyPostUplink(MESSAGE_ID, PK, DN, payload, RECEIVED_AT);
    }

    private static AlinkReply replyOf(UplinkValidator.Outcome outcome) {
        assertThat(outcome.reply()).as("reply").isNotNull();
        return AlinkCodec.readReply(outcome.reply().payload());
    }

    @Test
    void validPropertyPost_becomesTypedTelemetry_andIsAnsweredWith200OnTheReplyTopic() {
        Uplink uplink = post(propertyPost("123",
                "{\"Temp\":23.5,\"Counter\":7,\"PowerSwitch\":true,\"Label\":{\"value\":\"hall\",\"time\":"
                        + DEVICE_TIME + "}}"));

        UplinkValidator.Outcome outcome = UplinkValidator.validate(uplink, MODEL);

        assertThat(outcome.rejected()).isNull();
        Telemetry telemetry = outcome.telemetry();
        assertThat(telemetry.messageId()).isEqualTo(MESSAGE_ID);
        assertThat(telemetry.productKey()).isEqualTo(PK);
        assertThat(telemetry.deviceName()).isEqualTo(DN);
        assertThat(telemetry.kind()).isEqualTo(Telemetry.PROPERTY);
        assertThat(telemetry.identifier()).isNull();
        assertThat(telemetry.receivedAt()).isEqualTo(RECEIVED_AT);
        assertThat(telemetry.points()).containsExactlyInAnyOrder(
                new PropertyPoint("Temp", 23.5d, RECEIVED_AT),
                new PropertyPoint("Counter", 7L, RECEIVED_AT),
                new PropertyPoint("PowerSwitch", 1L, RECEIVED_AT),
                new PropertyPoint("Label", "hall", DEVICE_TIME));

        Downlink reply = outcome.reply();
        assertThat(reply.topic()).isEqualTo(Thermostat.propertyPostReplyTopic(PK, DN));
        assertThat(reply.productKey()).isEqualTo(PK);
        assertThat(reply.deviceName()).isEqualTo(DN);
        assertThat(reply.messageId()).isEqualTo(MESSAGE_ID);
        AlinkReply alink = replyOf(outcome);
        assertThat(alink.id()).isEqualTo("123");
        assertThat(alink.code()).isEqualTo(200);
        assertThat(alink.method()).isEqualTo("thing.event.property.post");
        assertThat(alink.data()).isNotNull();
    }

    @Test
    void postWithoutMethod_takesTheMethodFromTheTopic() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(
                post("{\"id\":\"5\",\"version\":\"1.0\",\"params\":{\"Counter\":1}}"), MODEL);

        assertThat(outcome.telemetry()).isNotNull();
        assertThat(replyOf(outcome).code()).isEqualTo(200);
    }

    @Test
    void postWithSysAck0_isValidatedButNotAnswered() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(post(
                "{\"id\":\"9\",\"version\":\"1.0\",\"sys\":{\"ack\":0},\"params\":{\"Temp\":20.1},"
                        + "\"method\":\"thing.event.property.post\"}"), MODEL);

        assertThat(outcome.telemetry()).isNotNull();
        assertThat(outcome.telemetry().points()).containsExactly(new PropertyPoint("Temp", 20.1d, RECEIVED_AT));
        assertThat(outcome.reply()).isNull();
    }

    @Test
    void rejectedPostWithSysAck0_isRejectedButNotAnswered() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(post(
                "{\"id\":\"9\",\"version\":\"1.0\",\"sys\":{\"ack\":0},\"params\":{\"Temp\":999},"
                        + "\"method\":\"thing.event.property.post\"}"), MODEL);

        assertThat(outcome.rejected()).isNotNull();
        assertThat(outcome.rejected().code()).isEqualTo(AlinkCode.FLOAT_SPECS_ERROR.code());
        assertThat(outcome.reply()).isNull();
    }

    @Test
    void floatOutOfRange_isRejectedWith6307_listingEveryFieldError_andAnsweredWithThatCode() {
        Uplink uplink = post(propertyPost("77", "{\"Temp\":150,\"Counter\":5000,\"PowerSwitch\":1}"));

        UplinkValidator.Outcome outcome = UplinkValidator.validate(uplink, MODEL);

        assertThat(outcome.telemetry()).isNull();
        assertThat(outcome.rejected().uplink()).isEqualTo(uplink);
        assertThat(outcome.rejected().code()).isEqualTo(6307);
        assertThat(outcome.rejected().errors()).extracting(FieldError::path, FieldError::code).containsExactly(
                tuple("Temp", AlinkCode.FLOAT_SPECS_ERROR),
                tuple("Counter", AlinkCode.INT_SPECS_ERROR));
        assertThat(outcome.rejected().message()).startsWith(AlinkCode.FLOAT_SPECS_ERROR.message())
                .contains("Temp").contains("Counter");

        AlinkReply reply = replyOf(outcome);
        assertThat(outcome.reply().topic()).isEqualTo(Thermostat.propertyPostReplyTopic(PK, DN));
        assertThat(reply.id()).isEqualTo("77");
        assertThat(reply.code()).isEqualTo(6307);
        assertThat(reply.message()).contains("Temp").contains("Counter");
    }

    @Test
    void unknownProperty_isRejectedWith6304() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(post(propertyPost("8", "{\"Humidity\":40}")),
                MODEL);

        assertThat(outcome.rejected().code()).isEqualTo(6304);
        assertThat(outcome.rejected().errors()).extracting(FieldError::path).containsExactly("Humidity");
        assertThat(replyOf(outcome).code()).isEqualTo(6304);
    }

    @Test
    void payloadNotJson_isRejectedWith6207_andStillAnswered() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(post("Temp=23.5"), MODEL);

        assertThat(outcome.telemetry()).isNull();
        assertThat(outcome.rejected().code()).isEqualTo(6207);
        AlinkReply reply = replyOf(outcome);
        assertThat(reply.code()).isEqualTo(6207);
        assertThat(reply.id()).isNull();
    }

    @Test
    void jsonThatIsNotAnObject_isRejectedWith6207() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(post("[1,2,3]"), MODEL);

        assertThat(outcome.rejected().code()).isEqualTo(6207);
    }

    @Test
    void methodNotMatchingTheTopic_isRejectedWith6300() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(post(
                "{\"id\":\"3\",\"version\":\"1.0\",\"params\":{\"Temp\":20},\"method\":\"thing.service.property.set\"}"),
                MODEL);

        assertThat(outcome.rejected().code()).isEqualTo(6300);
        assertThat(outcome.rejected().errors()).extracting(FieldError::path).containsExactly("method");
        assertThat(replyOf(outcome).code()).isEqualTo(6300);
        assertThat(replyOf(outcome).id()).isEqualTo("3");
    }

    @Test
    void eventPost_isValidatedAgainstTheEventsOutputData_notTheProperties() {
        // 130.5 is above the Temp property's max (120) but within the Overheat event's Temp (max 200).
        Uplink uplink = uplink(MESSAGE_ID, PK, DN, Thermostat.eventPostTopic(PK, DN, "Overheat"),
                "{\"id\":\"11\",\"version\":\"1.0\",\"params\":{\"value\":{\"Temp\":130.5,\"Severity\":2},"
                        + "\"time\":" + DEVICE_TIME + "},\"method\":\"thing.event.Overheat.post\"}",
                RECEIVED_AT);

        UplinkValidator.Outcome outcome = UplinkValidator.validate(uplink, MODEL);

        assertThat(outcome.rejected()).isNull();
        assertThat(outcome.telemetry().kind()).isEqualTo(Telemetry.EVENT);
        assertThat(outcome.telemetry().identifier()).isEqualTo("Overheat");
        assertThat(outcome.telemetry().points()).containsExactlyInAnyOrder(
                new PropertyPoint("Temp", 130.5d, DEVICE_TIME),
                new PropertyPoint("Severity", 2L, DEVICE_TIME));
        assertThat(outcome.reply().topic()).isEqualTo(Thermostat.eventPostTopic(PK, DN, "Overheat") + "_reply");
        AlinkReply reply = replyOf(outcome);
        assertThat(reply.code()).isEqualTo(200);
        assertThat(reply.method()).isEqualTo("thing.event.Overheat.post");
    }

    @Test
    void eventPostOutOfTheEventsSpec_isRejectedWithTheMembersCode() {
        Uplink uplink = uplink(MESSAGE_ID, PK, DN, Thermostat.eventPostTopic(PK, DN, "Overheat"),
                "{\"id\":\"12\",\"version\":\"1.0\",\"params\":{\"value\":{\"Temp\":250,\"Severity\":2}},"
                        + "\"method\":\"thing.event.Overheat.post\"}",
                RECEIVED_AT);

        UplinkValidator.Outcome outcome = UplinkValidator.validate(uplink, MODEL);

        assertThat(outcome.rejected().code()).isEqualTo(AlinkCode.FLOAT_SPECS_ERROR.code());
        assertThat(outcome.rejected().errors()).extracting(FieldError::path).containsExactly("Overheat.Temp");
        assertThat(replyOf(outcome).code()).isEqualTo(6307);
    }

    @Test
    void eventNotInTheModel_isRejectedWith6300() {
        Uplink uplink = uplink(MESSAGE_ID, PK, DN, Thermostat.eventPostTopic(PK, DN, "Smoke"),
                "{\"id\":\"13\",\"version\":\"1.0\",\"params\":{\"value\":{}},\"method\":\"thing.event.Smoke.post\"}",
                RECEIVED_AT);

        UplinkValidator.Outcome outcome = UplinkValidator.validate(uplink, MODEL);

        assertThat(outcome.rejected().code()).isEqualTo(6300);
    }

    @Test
    void productWithoutThingModel_isRejectedWith6321() {
        UplinkValidator.Outcome outcome = UplinkValidator.validate(post(propertyPost("14", "{\"Temp\":20}")), null);

        assertThat(outcome.telemetry()).isNull();
        assertThat(outcome.rejected().code()).isEqualTo(6321);
        assertThat(replyOf(outcome).code()).isEqualTo(6321);
        assertThat(replyOf(outcome).id()).isEqualTo("14");
    }

    @Test
    void onlyPropertyAndEventPostsAreValidated() {
        assertThat(UplinkValidator.validates(post("{}"))).isTrue();
        assertThat(UplinkValidator.validates(uplink(1, PK, DN, Thermostat.eventPostTopic(PK, DN, "Overheat"), "{}",
                RECEIVED_AT))).isTrue();

        for (String topic : new String[] {
                "/" + PK + "/" + DN + "/user/x",
                "/sys/" + PK + "/" + DN + "/thing/event/property/post_reply",
                "/sys/" + PK + "/" + DN + "/thing/service/property/set",
                "/sys/" + PK + "/" + DN + "/thing/model/up_raw",
                "/sys/" + PK + "/" + DN + "/thing/deviceinfo/update",
                "/shadow/update/" + PK + "/" + DN,
                "not/a/device/topic",
                ""}) {
            assertThat(UplinkValidator.validates(uplink(1, PK, DN, topic, "{}", RECEIVED_AT)))
                    .as(topic).isFalse();
        }
    }
}
