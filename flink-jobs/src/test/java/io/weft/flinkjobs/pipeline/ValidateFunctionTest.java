package io.weft.flinkjobs.pipeline;

import static io.weft.flinkjobs.pipeline.Thermostat.propertyPost;
import static io.weft.flinkjobs.pipeline.Thermostat.propertyPostUplink;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.alink.AlinkCode;
import io.weft.core.alink.AlinkCodec;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Rejected;
import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validator operator on Flink's operator test harness, with processing time under the test's control: what is
 * validated at once, what waits for its product, when waiting ends, and what survives a restore.
 */
class ValidateFunctionTest {
    private static final String PK = "a1Thermo";
    private static final String DN = "dev-1";
    private static final long NOW = 1_710_000_000_000L;
    private static final KeySelector<Uplink, String> BY_DEVICE = u -> u.productKey() + "/" + u.deviceName();

    private KeyedBroadcastOperatorTestHarness<String, Uplink, ProductChange, Telemetry> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new ValidateFunction(), BY_DEVICE,
                Types.STRING, ValidateFunction.modelsDescriptor());
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static Uplink post(long messageId, String productKey, String params, long receivedAt) {
        return propertyPostUplink(messageId, productKey, DN, propertyPost(Long.toString(messageId), params),
                receivedAt);
    }

    private static ProductChange product(String productKey) {
        return new ProductChange(productKey, Thermostat.tsl(productKey));
    }

    private static <T> List<T> side(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h, OutputTag<T> tag) {
        Queue<StreamRecord<T>> records = h.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static List<Integer> replyCodes(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return side(h, ValidateFunction.REPLIES).stream()
                .map(d -> AlinkCodec.readReply(d.payload()).code()).toList();
    }

    @Test
    void uplinkOfAKnownProduct_isValidatedAtOnce() throws Exception {
        harness.processBroadcastElement(product(PK), NOW);
        harness.processElement(post(1, PK, "{\"Temp\":22.5}", NOW), NOW);

        assertThat(harness.extractOutputValues()).extracting(Telemetry::messageId).containsExactly(1L);
        assertThat(replyCodes(harness)).containsExactly(200);
        assertThat(side(harness, ValidateFunction.REJECTED)).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void uplinkOfAnUnknownProduct_isHeldUntilTheProductArrives_thenValidated() throws Exception {
        harness.processElement(post(1, PK, "{\"Temp\":22.5}", NOW), NOW);
        harness.processElement(post(2, "a1Other", "{\"Temp\":23.5}", NOW), NOW);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(harness, ValidateFunction.REPLIES)).isEmpty();
        assertThat(side(harness, ValidateFunction.REJECTED)).isEmpty();

        harness.processBroadcastElement(product(PK), NOW + 1);

        assertThat(harness.extractOutputValues()).extracting(Telemetry::messageId)
                .as("only the arrived product's uplinks are released").containsExactly(1L);
        assertThat(replyCodes(harness)).containsExactly(200);

        harness.processBroadcastElement(product("a1Other"), NOW + 2);

        assertThat(harness.extractOutputValues()).extracting(Telemetry::messageId).containsExactly(1L, 2L);
    }

    @Test
    void heldUplinksOfOneDevice_areReleasedInArrivalOrder() throws Exception {
        harness.processElement(post(1, PK, "{\"Counter\":1}", NOW), NOW);
        harness.processElement(post(2, PK, "{\"Counter\":2}", NOW), NOW);
        harness.processElement(post(3, PK, "{\"Counter\":3}", NOW), NOW);

        harness.processBroadcastElement(product(PK), NOW + 1);
        harness.processElement(post(4, PK, "{\"Counter\":4}", NOW + 1), NOW + 1);

        assertThat(harness.extractOutputValues()).extracting(Telemetry::messageId).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void productThatNeverArrives_getsTheHeldUplinkRejectedWith6321_afterTheTimeout() throws Exception {
        harness.processElement(post(1, PK, "{\"Temp\":22.5}", NOW), NOW);

        harness.setProcessingTime(NOW + ValidateFunction.PENDING_TIMEOUT_MS - 1);
        assertThat(side(harness, ValidateFunction.REJECTED)).isEmpty();

        harness.setProcessingTime(NOW + ValidateFunction.PENDING_TIMEOUT_MS);
        assertThat(side(harness, ValidateFunction.REJECTED)).extracting(Rejected::code)
                .containsExactly(AlinkCode.TSL_NOT_FOUND.code());
        assertThat(replyCodes(harness)).containsExactly(6321);

        harness.processBroadcastElement(product(PK), NOW + ValidateFunction.PENDING_TIMEOUT_MS + 1);
        assertThat(harness.extractOutputValues()).as("a rejected uplink is not validated again").isEmpty();
    }

    /**
     * {@code receivedAt} is stamped by the edge, on another machine's clock. When that clock is ahead of the
     * TaskManager's, the held uplink must still be rejected after the timeout, not held forever.
     */
    @Test
    void heldUplink_isRejectedAfterTheTimeout_evenWhenTheEdgeClockIsAhead() throws Exception {
        long edgeClockAhead = 500;
        harness.processElement(post(1, PK, "{\"Temp\":22.5}", NOW + edgeClockAhead), NOW);

        harness.setProcessingTime(NOW + 10 * ValidateFunction.PENDING_TIMEOUT_MS);

        assertThat(side(harness, ValidateFunction.REJECTED)).extracting(Rejected::code)
                .as("rejections ten timeouts later").containsExactly(AlinkCode.TSL_NOT_FOUND.code());
    }

    @Test
    void deletedProduct_holdsItsUplinksAgain() throws Exception {
        harness.processBroadcastElement(product(PK), NOW);
        harness.processBroadcastElement(new ProductChange(PK, null), NOW);
        harness.processElement(post(1, PK, "{\"Temp\":22.5}", NOW), NOW);

        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(NOW + ValidateFunction.PENDING_TIMEOUT_MS);
        assertThat(side(harness, ValidateFunction.REJECTED)).extracting(Rejected::code).containsExactly(6321);
    }

    @Test
    void changedThingModel_appliesToTheNextUplink() throws Exception {
        harness.processBroadcastElement(product(PK), NOW);
        harness.processElement(post(1, PK, "{\"Temp\":150}", NOW), NOW);
        harness.processBroadcastElement(new ProductChange(PK,
                Thermostat.tsl(PK).replace("\"max\": \"120\"", "\"max\": \"200\"")), NOW);
        harness.processElement(post(2, PK, "{\"Temp\":150}", NOW), NOW);

        assertThat(side(harness, ValidateFunction.REJECTED)).extracting(r -> r.uplink().messageId())
                .containsExactly(1L);
        assertThat(harness.extractOutputValues()).extracting(Telemetry::messageId).containsExactly(2L);
    }

    @Test
    void thingModelThatCannotBeParsed_rejectsWith6321() throws Exception {
        harness.processBroadcastElement(new ProductChange(PK, "{\"properties\":\"not a list\"}"), NOW);
        harness.processElement(post(1, PK, "{\"Temp\":22.5}", NOW), NOW);

        assertThat(side(harness, ValidateFunction.REJECTED)).extracting(Rejected::code).containsExactly(6321);
    }

    @Test
    void uplinkOnATopicThatIsNotValidated_isDropped_andNotHeld() throws Exception {
        harness.processElement(Thermostat.uplink(1, PK, DN, "/" + PK + "/" + DN + "/user/x", "{}", NOW), NOW);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(harness, ValidateFunction.REPLIES)).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    /** Held uplinks and known thing models are state: a job restored from a checkpoint keeps both. */
    @Test
    void heldUplinksAndThingModels_surviveARestore() throws Exception {
        harness.processBroadcastElement(product("a1Known"), NOW);
        harness.processElement(post(1, PK, "{\"Temp\":22.5}", NOW), NOW);
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
        harness.close();

        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new ValidateFunction(),
                List.of(ValidateFunction.modelsDescriptor())), BY_DEVICE, Types.STRING, 1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(NOW + 1);

        harness.processElement(post(2, "a1Known", "{\"Counter\":5}", NOW + 1), NOW + 1);
        harness.processBroadcastElement(product(PK), NOW + 1);

        assertThat(harness.extractOutputValues()).extracting(Telemetry::messageId).containsExactly(2L, 1L);
        assertThat(side(harness, ValidateFunction.REPLIES)).extracting(Downlink::messageId).containsExactly(2L, 1L);
    }
}
