package io.weft.controlplane.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.Destination;
import io.weft.core.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Destinations are read from their one JSON form, and each way one can be wrong is named at its path. */
class DestinationReaderTest {
    private final DestinationReader reader = new DestinationReader(WeftTopics.DEFAULT);

    @Test
    void everyType_readAsItsRecord_withDefaults() {
        List<FieldProblem> problems = new ArrayList<>();

        List<Destination> read = reader.list(Json.tree("""
                [{"type":"kafka","topic":"hot-rooms"},
                 {"type":"device","productKey":"a1fan","deviceName":"fan1","topic":"/sys/a1fan/fan1/thing/service/property/set","qos":1},
                 {"type":"device","productKey":"a1fan","deviceName":"fan1","topic":"/a1fan/fan1/user/get"},
                 {"type":"webhook","url":"https://example.com/hook","headers":{"X-Key":"k"}},
                 {"type":"webhook","url":"http://127.0.0.1:8089/h","maxAttempts":3,"initialBackoffMs":50},
                 {"type":"store","table":"hot_rooms"},
                 {"type":"alert","name":"too-hot","severity":"critical"}]"""), "destinations", problems);

        assertThat(problems).isEmpty();
        assertThat(read).containsExactly(new Destination.KafkaTopic("hot-rooms"),
                new Destination.DeviceTopic("a1fan", "fan1", "/sys/a1fan/fan1/thing/service/property/set", 1),
                new Destination.DeviceTopic("a1fan", "fan1", "/a1fan/fan1/user/get", 0),
                new Destination.Webhook("https://example.com/hook", Map.of("X-Key", "k"), 5, 200),
                new Destination.Webhook("http://127.0.0.1:8089/h", Map.of(), 3, 50),
                new Destination.Store("hot_rooms"),
                new Destination.Alert("too-hot", Severity.CRITICAL));
    }

    @Test
    void checkRunnable_whenAStoreOrAWebhookWithoutAKafkaErrorTopic_thenNamed() {
        List<FieldProblem> problems = new ArrayList<>();

        reader.checkRunnable(List.of(new Destination.KafkaTopic("hot"), new Destination.Store("hot_rooms"),
                Destination.webhook("https://example.com/hook")), new Destination.Alert("x", Severity.INFO), problems);

        assertThat(problems).extracting(p -> p.path() + ": " + p.reason()).containsExactly(
                "destinations[1]: this control plane has no time-series store for rule results (set "
                        + "weft.rules.store-http; standalone Weft sets it); send the results to a Kafka topic",
                "errorDestination: a rule with a webhook needs a Kafka topic here: the results no call delivered are "
                        + "written to it as dead letters");
    }

    @Test
    void checkRunnable_whenAStoreIsConfigured_thenAStoreDestinationNeedsOnlyAKafkaErrorTopic() {
        DestinationReader withStore = new DestinationReader(WeftTopics.DEFAULT, true);
        List<FieldProblem> problems = new ArrayList<>();

        withStore.checkRunnable(List.of(new Destination.Store("hot_rooms")), new Destination.KafkaTopic("errors"),
                problems);
        assertThat(problems).isEmpty();

        withStore.checkRunnable(List.of(new Destination.Store("hot_rooms")), null, problems);
        assertThat(problems).extracting(p -> p.path() + ": " + p.reason()).containsExactly(
                "errorDestination: a rule with a store destination needs a Kafka topic here: the results its table "
                        + "cannot hold (a column whose type changed) are written to it as dead letters");
    }

    @Test
    void checkRunnable_whenAWebhookHasAKafkaErrorTopic_thenNoProblem() {
        List<FieldProblem> problems = new ArrayList<>();

        reader.checkRunnable(List.of(Destination.webhook("https://example.com/hook")),
                new Destination.KafkaTopic("rule-errors"), problems);

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {"type":"mqtt"}                                  | d.type: must be one of kafka, device, webhook, store, alert
            "[1]"                                            | d: must be an object with a type
            {"type":"kafka"}                                 | d.topic: is required
            {"type":"kafka","topic":"a b"}                   | d.topic: 'a b' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-', and not '.' or '..'
            {"type":"kafka","topic":".."}                    | d.topic: '..' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-', and not '.' or '..'
            {"type":"kafka","topic":"weft.registry"}         | d.topic: 'weft.registry' is one of Weft's own topics; write rule results to a topic of your own
            {"type":"kafka","topic":"t","url":"x"}           | d.url: is not a field of a kafka destination
            {"type":"webhook","url":"ftp://h/x"}             | d.url: 'ftp://h/x' is not an http or https URL
            {"type":"webhook","url":"http:///x"}             | d.url: 'http:///x' has no host
            {"type":"webhook","url":"http://h/a b"}          | d.url: 'http://h/a b' is not a URL: Illegal character in path at index 10
            {"type":"webhook","url":"http://h","maxAttempts":0}        | d.maxAttempts: must be 1 to 20 (absent: 5), not 0
            {"type":"webhook","url":"http://h","initialBackoffMs":"x"} | d.initialBackoffMs: must be 1 to 600000 ms (absent: 200), not "x"
            {"type":"webhook","url":"http://h","headers":{"X":1}}      | d.headers.X: must be text
            {"type":"device","productKey":"p1","deviceName":"d1","topic":"/sys/p1/d1/nothing"} | d.topic: '/sys/p1/d1/nothing' is not a device topic, such as /sys/p1/d1/thing/service/property/set or /p1/d1/user/get
            {"type":"device","productKey":"p1","deviceName":"d1","topic":"/p1/d2/user/get"}    | d.topic: '/p1/d2/user/get' is not a topic of device p1/d1
            {"type":"device","productKey":"p1","deviceName":"d1","topic":"/broadcast/p1/all"}  | d.topic: '/broadcast/p1/all' is not a topic of device p1/d1
            {"type":"device","productKey":"p1","deviceName":"d1","topic":"/sys/p1/d1/thing/event/property/post"} | d.topic: '/sys/p1/d1/thing/event/property/post' is a topic the device publishes on, not one it receives; republish to a downlink topic such as /sys/p1/d1/thing/service/property/set
            {"type":"device","productKey":"p1","deviceName":"d1","topic":"/p1/d1/user/get","qos":2} | d.qos: must be 0 or 1, not 2
            {"type":"device","deviceName":"d1","topic":"/p1/d1/user/get"} | d.productKey: is required
            {"type":"store","table":"1st"}                   | d.table: '1st' is not a table name: a letter or '_', then up to 63 letters, digits or '_'
            {"type":"alert","name":"a/b","severity":"major"} | d.name: 'a/b' is not an alert name: 1 to 64 letters, digits, '.', '_' or '-'
            {"type":"alert","name":"hot","severity":"urgent"}| d.severity: must be one of [critical, major, minor, warning, info], not 'urgent'
            {"type":"alert","name":"hot"}                    | d.severity: is required
            """)
    void one_whenWrong_thenOneProblemAtItsPath(String json, String expected) {
        List<FieldProblem> problems = new ArrayList<>();

        Destination read = reader.one(Json.tree(json), "d", problems);

        assertThat(read).isNull();
        assertThat(problems).extracting(FieldProblem::toString).containsExactly(expected);
    }

    @Test
    void list_whenTooManyOrNotAnArray_thenSaid() {
        List<FieldProblem> problems = new ArrayList<>();

        reader.list(Json.tree("{\"type\":\"kafka\",\"topic\":\"t\"}"), "destinations", problems);
        reader.list(Json.tree("[" + "{\"type\":\"kafka\",\"topic\":\"t\"},".repeat(10)
                + "{\"type\":\"kafka\",\"topic\":\"t\"}]"), "destinations", problems);

        assertThat(problems).extracting(FieldProblem::toString).containsExactly(
                "destinations: must be an array of destinations",
                "destinations: at most 10 destinations, not 11");
    }
}
