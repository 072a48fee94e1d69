package io.weft.flinkjobs.pipeline;

import io.weft.core.alink.AlinkCode;
import io.weft.core.alink.AlinkCodec;
import io.weft.core.alink.AlinkReply;
import io.weft.core.alink.AlinkRequest;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Rejected;
import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import io.weft.core.topic.DeviceTopic;
import io.weft.core.topic.TopicKind;
import io.weft.core.tsl.FieldError;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelValidator;
import io.weft.core.tsl.Validation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks one Alink property or event post against its product's thing model: the pure decision, with no Flink in
 * it. The device is answered on the {@code _reply} topic unless the request said {@code "sys":{"ack":0}}.
 */
final class UplinkValidator {
    private UplinkValidator() {
    }

    /** True for the topics the pipeline validates: property posts and event posts. */
    static boolean validates(Uplink uplink) {
        return DeviceTopic.parse(uplink.topic())
                .map(t -> t.kind() == TopicKind.PROPERTY_POST || t.kind() == TopicKind.EVENT_POST)
                .orElse(false);
    }

    static Outcome validate(Uplink uplink, ThingModel model) {
        DeviceTopic topic = DeviceTopic.parse(uplink.topic()).orElseThrow();
        Optional<AlinkRequest> parsed = AlinkCodec.readRequest(uplink.payload());
        if (parsed.isEmpty()) {
            return reject(uplink, topic, null, true, AlinkCode.DATA_FORMAT_ERROR,
                    List.of(new FieldError("$", AlinkCode.DATA_FORMAT_ERROR, "payload is not a JSON object")));
        }
        AlinkRequest request = parsed.get();
        boolean ack = request.sys() == null || request.sys().path("ack").asInt(1) != 0;
        if (request.method() != null && !request.method().equals(topic.method())) {
            return reject(uplink, topic, request.id(), ack, AlinkCode.METHOD_NOT_FOUND,
                    List.of(new FieldError("method", AlinkCode.METHOD_NOT_FOUND,
                            "method '" + request.method() + "' does not match topic method '" + topic.method() + "'")));
        }
        if (model == null) {
            return reject(uplink, topic, request.id(), ack, AlinkCode.TSL_NOT_FOUND,
                    List.of(new FieldError("$", AlinkCode.TSL_NOT_FOUND,
                            "product " + uplink.productKey() + " has no thing model")));
        }
        boolean event = topic.kind() == TopicKind.EVENT_POST;
        Validation validation = event
                ? ThingModelValidator.eventPost(model, topic.id(), request.params(), uplink.receivedAt())
                : ThingModelValidator.propertyPost(model, request.params(), uplink.receivedAt());
        if (!validation.valid()) {
            return reject(uplink, topic, request.id(), ack, validation.errors().get(0).code(), validation.errors());
        }
        Telemetry telemetry = new Telemetry(uplink.messageId(), uplink.productKey(), uplink.deviceName(),
                event ? Telemetry.EVENT : Telemetry.PROPERTY, event ? topic.id() : null, validation.points(),
                uplink.receivedAt());
        Downlink reply = ack ? reply(uplink, topic, AlinkCodec.success(request.id(), null, topic.method())) : null;
        return new Outcome(telemetry, null, reply);
    }

    private static Outcome reject(Uplink uplink, DeviceTopic topic, String id, boolean ack, AlinkCode code,
                                  List<FieldError> errors) {
        String detail = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        Rejected rejected = new Rejected(uplink, code.code(), code.message() + ": " + detail, errors,
                System.currentTimeMillis());
        Downlink reply = ack ? reply(uplink, topic, AlinkCodec.error(id, code, detail, topic.method())) : null;
        return new Outcome(null, rejected, reply);
    }

    private static Downlink reply(Uplink uplink, DeviceTopic topic, AlinkReply reply) {
        String replyTopic = topic.reply().orElseThrow().format();
        return new Downlink(uplink.messageId(), uplink.productKey(), uplink.deviceName(), replyTopic,
                AlinkCodec.write(reply), 0, 0);
    }

    /** Exactly one of telemetry and rejected is set; reply is null when the device asked for none. */
    record Outcome(Telemetry telemetry, Rejected rejected, Downlink reply) {
    }
}
