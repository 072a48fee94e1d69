package io.weft.controlplane.rule.dryrun;

import io.weft.core.alink.AlinkCode;
import io.weft.core.envelope.Telemetry;
import io.weft.core.tsl.FieldError;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelValidator;
import io.weft.core.tsl.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Sample posts of a dry run, checked against the product's thing model as the device pipeline checks a device's
 * post: a valid one becomes the {@link Telemetry} the rule reads (message id = its position + 1), an invalid one a
 * verdict with the Alink code and reason a device would get, and it is not run.
 */
final class SampleMessages {

    /** The valid samples, and a verdict for each invalid one (by position). */
    record Checked(List<Telemetry> valid, List<Integer> validIndexes, List<DryRunAnswer.MessageView> invalid) {
    }

    private SampleMessages() {
    }

    static Checked check(List<JsonNode> samples, String productKey, ThingModel model, long now) {
        List<Telemetry> valid = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        List<DryRunAnswer.MessageView> invalid = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            JsonNode sample = samples.get(i);
            long messageId = i + 1;
            String device = sample == null ? null : text(sample.get("deviceName"));
            if (device == null || device.isBlank()) {
                invalid.add(invalid(i, messageId, productKey, null, AlinkCode.REQUEST_PARAMETER_ERROR,
                        "deviceName: is required, the device that posts the sample"));
                continue;
            }
            JsonNode time = sample.get("time");
            if (time != null && !time.isNull() && !time.isIntegralNumber()) {
                invalid.add(invalid(i, messageId, productKey, device, AlinkCode.REQUEST_PARAMETER_ERROR,
                        "time: must be epoch milliseconds"));
                continue;
            }
            long at = time == null || time.isNull() ? now : time.asLong();
            String event = text(sample.get("event"));
            Validation checked = event == null
                    ? ThingModelValidator.propertyPost(model, sample.get("params"), at)
                    : ThingModelValidator.eventPost(model, event, sample.get("params"), at);
            if (!checked.valid()) {
                FieldError first = checked.errors().get(0);
                invalid.add(invalid(i, messageId, productKey, device, first.code(), checked.errors().stream()
                        .map(FieldError::toString).collect(Collectors.joining("; "))));
                continue;
            }
            valid.add(new Telemetry(messageId, productKey, device, event == null ? Telemetry.PROPERTY : Telemetry.EVENT,
                    event, checked.points(), at));
            indexes.add(i);
        }
        return new Checked(valid, indexes, invalid);
    }

    private static DryRunAnswer.MessageView invalid(int index, long messageId, String productKey, String device,
                                                    AlinkCode code, String reason) {
        return new DryRunAnswer.MessageView(index, messageId, productKey, device, null, false, List.of(), List.of(),
                code.code(), "invalid post: " + reason);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isString() ? null : node.asString();
    }
}
