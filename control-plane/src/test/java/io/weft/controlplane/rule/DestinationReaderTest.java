package io.weft.controlplane.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.Destination;
import io.weft.core.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.weft.core.tsl.DataType;
import io.weft.core.tsl.FieldError;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import io.weft.core.tsl.ThingModelValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Destinations are read from their one JSON form, and each way one can be wrong is named at its path. */
class DestinationReaderTest {
    /** A fan: PowerSwitch (bool, rw), Speed (int 0..3, rw), Rpm (int, r), service Boost(level int 1..5). */
    private static final ThingModel FAN = ThingModelJson.parse("""
            {"profile":{"productKey":"a1fan"},
             "properties":[
               {"identifier":"PowerSwitch","name":"Power","accessMode":"rw","dataType":{"type":"bool","specs":{"0":"off","1":"on"}}},
               {"identifier":"Speed","name":"Speed","accessMode":"rw","dataType":{"type":"int","specs":{"min":"0","max":"3","step":"1"}}},
               {"identifier":"Rpm","name":"Rpm","accessMode":"r","dataType":{"type":"int","specs":{"min":"0","max":"9000"}}}],
             "services":[{"identifier":"Boost","name":"Boost","callType":"async","method":"thing.service.Boost",
               "inputData":[{"identifier":"level","name":"Level","dataType":{"type":"int","specs":{"min":"1","max":"5"}}}],
               "outputData":[]}],
             "events":[]}""");
    /** The registry the actions are checked against: product a1fan with its device fan1. */
    private static final ActionTargets TARGETS = new ActionTargets() {
        @Override
        public Optional<ThingModel> thingModel(String productKey) {
            return productKey.equals("a1fan") ? Optional.of(FAN) : Optional.empty();
        }

        @Override
        public boolean deviceExists(String productKey, String deviceName) {
            return productKey.equals("a1fan") && deviceName.equals("fan1");
        }
    };
    private final DestinationReader reader = new DestinationReader(WeftTopics.DEFAULT, false, TARGETS);

    @Test
    void deviceActions_readWithConstantsAndReferences() {
        List<FieldProblem> problems = new ArrayList<>();

        List<Destination> read = reader.list(Json.tree("""
                [{"type":"setProperty","productKey":"a1fan","deviceName":"fan1","params":{"PowerSwitch":1,"Speed":"${s}"}},
                 {"type":"invokeService","productKey":"a1fan","deviceName":"fan1","service":"Boost","params":{"level":5}}]"""),
                "destinations", problems);

        assertThat(problems).isEmpty();
        assertThat(read).containsExactly(
                new Destination.SetProperty("a1fan", "fan1", Json.tree("{\"PowerSwitch\":1,\"Speed\":\"${s}\"}")),
                new Destination.InvokeService("a1fan", "fan1", "Boost", Json.tree("{\"level\":5}")));
    }

    @Test
    void deviceActions_whenTargetOrParamsWrong_thenEachAtItsPath() {
        List<FieldProblem> problems = new ArrayList<>();

        reader.list(Json.tree("""
                [{"type":"setProperty","productKey":"a1none","deviceName":"fan1","params":{"PowerSwitch":1}},
                 {"type":"setProperty","productKey":"a1fan","deviceName":"fan9","params":{"PowerSwitch":2,"Rpm":1,"Nope":1,"Speed":"fast"}},
                 {"type":"invokeService","productKey":"a1fan","deviceName":"fan1","service":"Spin","params":{"x":1}},
                 {"type":"invokeService","productKey":"a1fan","deviceName":"fan1","service":"Boost","params":{"level":9,"PowerSwitch":1}},
                 {"type":"setProperty","productKey":"a1fan","deviceName":"fan1","params":{}}]"""),
                "destinations", problems);

        assertThat(problems).extracting(FieldProblem::toString).containsExactly(
                "destinations[0].productKey: product 'a1none' does not exist",
                "destinations[1].deviceName: device a1fan/fan9 does not exist",
                "destinations[1].params.PowerSwitch: " + reason("PowerSwitch", 2),
                "destinations[1].params.Rpm: 'Rpm' is a read-only property (accessMode r): a device does not take it"
                        + " in a property set",
                "destinations[1].params.Nope: 'Nope' is not a writable (accessMode rw) property of product a1fan; "
                        + "they are [PowerSwitch, Speed]",
                "destinations[1].params.Speed: " + reason("Speed", "fast"),
                "destinations[2].service: 'Spin' is not a service of product a1fan; its services are [Boost]",
                "destinations[3].params.level: " + reason("level", 9),
                "destinations[3].params.PowerSwitch: 'PowerSwitch' is not an input parameter of service 'Boost'; "
                        + "they are [level]",
                "destinations[4].params: must be a JSON object of properties to values, with at least one");
    }

    @Test
    void checkReferences_whenAColumnIsNotAnOutput_thenNamedWithTheOutputs() {
        List<FieldProblem> problems = new ArrayList<>();

        reader.checkReferences(List.of(new Destination.KafkaTopic("t"),
                new Destination.SetProperty("a1fan", "fan1", Json.tree("{\"Speed\":\"${s}\",\"PowerSwitch\":\"${p}\"}"))),
                "destinations", null, List.of("s", "deviceName"), problems);

        assertThat(problems).extracting(FieldProblem::toString).containsExactly(
                "destinations[1].params.PowerSwitch: '${p}' is not a column of the rule's results; they are [s, "
                        + "deviceName]");
    }

    /** The reason core's thing-model validation gives for a value, as uplinks get it. */
    private static String reason(String identifier, Object value) {
        DataType type = FAN.property(identifier).map(ThingModel.Property::dataType)
                .orElseGet(() -> FAN.service("Boost").orElseThrow().inputData().get(0).dataType());
        List<FieldError> errors = new ArrayList<>();
        ThingModelValidator.check(type, Json.MAPPER.valueToTree(value), identifier, errors);
        assertThat(errors).hasSize(1);
        return errors.get(0).reason();
    }

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
        DestinationReader withStore = new DestinationReader(WeftTopics.DEFAULT, true, TARGETS);
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
            {"type":"mqtt"}                                  | d.type: must be one of kafka, device, webhook, store, alert, setProperty, invokeService
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
