package io.weft.controlplane.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.core.alert.Alert;
import io.weft.core.alert.Alert.Change;
import io.weft.core.alert.Alert.State;
import io.weft.core.alert.NotificationFailure;
import io.weft.core.json.Json;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Alerts over REST, on the real control plane, Kafka and PostgreSQL, with a stand-in for the alert job
 * ({@link AlertJobStandIn}) writing weft.alerts and answering operators' signals. The topics have one partition
 * here, so once a record written later shows, every earlier one has been applied.
 */
class AlertApiIT extends OnRealParts {
    private static final long T0 = 1_800_000_000_000L;
    private AlertJobStandIn job;
    private String pk;

    @BeforeEach
    void standIn() throws InterruptedException {
        job = new AlertJobStandIn(PARTS.kafkaBootstrap());
        pk = uniqueKey("alr");
    }

    @AfterEach
    void stopStandIn() throws InterruptedException {
        job.close();
    }

    /**
     * Verifies that weft.alerts is followed into the table idempotently: the latest revision wins, and a stale or
     * repeated record written after it changes nothing.
     */
    @Test
    void followedRecords_keepTheHighestRevision_evenWhenAStaleOneComesLater() throws Exception {
        Alert opened = opened("overheat", "dev-1", Severity.MINOR);
        Alert repeated = next(opened, Change.REPEATED, State.OPEN);
        job.publish(opened);
        job.publish(repeated);
        job.publish(opened);
        Alert marker = opened("marker", "dev-1", Severity.INFO);
        job.publish(marker);
        awaitAlert(marker.id(), a -> a.status() == 200);

        JsonNode stored = api.get("/api/v1/alerts/" + opened.id()).json();
        assertThat(stored.path("revision").asLong()).isEqualTo(2);
        assertThat(stored.path("count").asLong()).isEqualTo(2);
        assertThat(stored.path("lastChange").asString()).isEqualTo("repeated");
        assertThat(stored.path("state").asString()).isEqualTo("open");
        assertThat(stored.path("severity").asString()).isEqualTo("minor");
        assertThat(stored.path("key").asString()).isEqualTo("overheat/" + pk + "/dev-1");
        assertThat(stored.path("details").path("temperature").asDouble()).isEqualTo(41.5);
        assertThat(Instant.parse(stored.path("firstRaisedAt").asString())).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(stored.path("notificationFailure").isNull()).isTrue();
    }

    /** Verifies the list's filters (state, severity, product, device), its order (newest first) and its pages. */
    @Test
    void list_filtersByStateSeverityProductAndDevice_andPages() throws Exception {
        Alert a = opened("overheat", "dev-a", Severity.MAJOR);
        Alert b = next(opened("overheat", "dev-b", Severity.MINOR, T0 + 1), Change.ACKNOWLEDGED,
                State.ACKNOWLEDGED);
        Alert c = next(opened("door-open", "dev-a", Severity.MAJOR, T0 + 2), Change.CLEARED, State.CLEARED);
        job.publish(a);
        job.publish(b);
        job.publish(c);
        awaitAlert(c.id(), r -> r.status() == 200 && r.json().path("state").asString().equals("cleared"));

        assertThat(ids("/api/v1/alerts?productKey=" + pk)).containsExactly(c.id(), b.id(), a.id());
        assertThat(ids("/api/v1/alerts?productKey=" + pk + "&state=open")).containsExactly(a.id());
        assertThat(ids("/api/v1/alerts?productKey=" + pk + "&state=ACKNOWLEDGED")).containsExactly(b.id());
        assertThat(ids("/api/v1/alerts?productKey=" + pk + "&severity=major")).containsExactly(c.id(), a.id());
        assertThat(ids("/api/v1/alerts?productKey=" + pk + "&deviceName=dev-a")).containsExactly(c.id(), a.id());

        JsonNode page = api.get("/api/v1/alerts?productKey=" + pk + "&size=2&page=1").json();
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("items").size()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(a.id());
    }

    @Test
    void unknownFilterValue_orPageSize_isAProblem400() {
        assertProblem(api.get("/api/v1/alerts?state=burning"), 400);
        assertProblem(api.get("/api/v1/alerts?severity=urgent"), 400);
        assertProblem(api.get("/api/v1/alerts?size=0"), 400);
    }

    @Test
    void unknownAlert_isAProblem404_forGetAcknowledgeAndClear() {
        String id = UUID.randomUUID().toString();
        assertProblem(api.get("/api/v1/alerts/" + id), 404);
        assertProblem(api.post("/api/v1/alerts/" + id + "/acknowledge"), 404);
        assertProblem(api.post("/api/v1/alerts/" + id + "/clear"), 404);
    }

    /**
     * Verifies acknowledge: the control plane sends the alert job an ACKNOWLEDGE signal from operator:alice naming
     * the alert, and answers 200 with the acknowledged alert once the job's record is stored.
     */
    @Test
    void acknowledge_sendsTheOperatorsSignal_andAnswers200WithTheAcknowledgedAlert() throws Exception {
        Alert opened = opened("overheat", "dev-2", Severity.CRITICAL);
        job.publish(opened);
        awaitAlert(opened.id(), r -> r.status() == 200);

        Reply reply = api.post("/api/v1/alerts/" + opened.id() + "/acknowledge", "{\"operator\":\"alice\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("state").asString()).isEqualTo("acknowledged");
        assertThat(reply.json().path("acknowledgedBy").asString()).isEqualTo("operator:alice");
        AlertSignal signal = job.nextSignal(opened.key());
        assertThat(signal.action()).isEqualTo(AlertSignal.Action.ACKNOWLEDGE);
        assertThat(signal.source()).isEqualTo("operator:alice");
        assertThat(signal.name()).isEqualTo("overheat");
        assertThat(signal.deviceName()).isEqualTo("dev-2");
        assertThat(Json.tree(signal.details()).path("alertId").asString()).isEqualTo(opened.id());

        Reply again = api.post("/api/v1/alerts/" + opened.id() + "/acknowledge");
        assertThat(again.status()).as("acknowledging twice is no error").isEqualTo(200);
    }

    /** Verifies clear (by "api" when no operator is named), and that a cleared alert cannot be cleared again. */
    @Test
    void clear_answers200WithTheClearedAlert_thenClearingAgainIsAConflict() throws Exception {
        Alert opened = opened("overheat", "dev-3", Severity.MAJOR);
        job.publish(opened);
        awaitAlert(opened.id(), r -> r.status() == 200);

        Reply reply = api.post("/api/v1/alerts/" + opened.id() + "/clear");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("state").asString()).isEqualTo("cleared");
        assertThat(reply.json().path("clearedBy").asString()).isEqualTo("operator:api");
        assertThat(job.nextSignal(opened.key()).action()).isEqualTo(AlertSignal.Action.CLEAR);
        assertProblem(api.post("/api/v1/alerts/" + opened.id() + "/clear"), 409);
        assertProblem(api.post("/api/v1/alerts/" + opened.id() + "/acknowledge"), 409);
    }

    /**
     * Verifies the 202 answer: when the alert job does not answer within the request's wait, the request is still
     * in Kafka, and the alert is shown as it is.
     */
    @Test
    void clear_whenTheAlertJobDoesNotAnswerInTime_is202WithTheAlertUnchanged() throws Exception {
        Alert opened = opened("overheat", "silent-1", Severity.MAJOR);
        job.publish(opened);
        awaitAlert(opened.id(), r -> r.status() == 200);

        Reply reply = api.post("/api/v1/alerts/" + opened.id() + "/clear?waitMs=300", "{\"operator\":\"bob\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        assertThat(reply.json().path("state").asString()).isEqualTo("open");
        AlertSignal signal = job.nextSignal(opened.key());
        assertThat(signal.source()).isEqualTo("operator:bob");
        assertProblem(api.post("/api/v1/alerts/" + opened.id() + "/clear?waitMs=-1"), 400);
        assertProblem(api.post("/api/v1/alerts/" + opened.id() + "/clear", "{\"operator\":\"two words\"}"), 400);
    }

    /** Verifies that a notification that failed every attempt shows on its alert. */
    @Test
    void deadLetter_showsOnItsAlert() throws Exception {
        Alert opened = opened("overheat", "dev-5", Severity.MAJOR);
        job.publish(opened);
        job.deadLetter(new NotificationFailure(opened, "http://hooks.example/alerts", 5, "HTTP 503", T0 + 5000));

        JsonNode failure = awaitAlert(opened.id(),
                r -> r.status() == 200 && !r.json().path("notificationFailure").isNull())
                .json().path("notificationFailure");
        assertThat(failure.path("url").asString()).isEqualTo("http://hooks.example/alerts");
        assertThat(failure.path("error").asString()).isEqualTo("HTTP 503");
        assertThat(Instant.parse(failure.path("failedAt").asString())).isEqualTo(Instant.ofEpochMilli(T0 + 5000));
    }

    @Test
    void apiDocs_describeTheAlertEndpoints() {
        JsonNode paths = api.get("/v3/api-docs").json().path("paths");

        assertThat(paths.path("/api/v1/alerts").has("get")).isTrue();
        assertThat(paths.path("/api/v1/alerts/{id}").has("get")).isTrue();
        assertThat(paths.path("/api/v1/alerts/{id}/acknowledge").has("post")).isTrue();
        assertThat(paths.path("/api/v1/alerts/{id}/clear").has("post")).isTrue();
    }

    private List<String> ids(String path) {
        Reply reply = api.get(path);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private Reply awaitAlert(String id, Predicate<Reply> until) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/alerts/" + id), until);
    }

    private Alert opened(String name, String deviceName, Severity severity) {
        return opened(name, deviceName, severity, T0);
    }

    private Alert opened(String name, String deviceName, Severity severity, long at) {
        return new Alert(UUID.randomUUID().toString(), name + "/" + pk + "/" + deviceName, name, severity, State.OPEN,
                false, 1, at, at, at - 10, null, null, null, null, "rule:r1", pk, deviceName,
                "{\"temperature\":41.5}", 1, Change.OPENED, at);
    }

    private static Alert next(Alert a, Change change, State state) {
        long at = a.updatedAt() + 1000;
        long count = change == Change.REPEATED ? a.count() + 1 : a.count();
        return new Alert(a.id(), a.key(), a.name(), a.severity(), state, false, count, a.firstRaisedAt(),
                change == Change.REPEATED ? at : a.lastRaisedAt(), a.lastEventTime(),
                state == State.ACKNOWLEDGED ? Long.valueOf(at) : null,
                state == State.ACKNOWLEDGED ? "operator:carol" : null,
                state == State.CLEARED ? Long.valueOf(at) : null, state == State.CLEARED ? "rule:r1" : null,
                a.source(), a.productKey(), a.deviceName(), a.details(), a.revision() + 1, change, at);
    }
}
