package io.weft.bench.rules;

import io.weft.core.envelope.Telemetry;
import io.weft.core.tsl.PropertyPoint;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelJson;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The product the rule bench runs: a thermostat in Alibaba's TSL JSON (floats, ints, an enum, a bool, a text), and
 * its property posts. A reading is {@code temperature} 10..40 °C, {@code targetTemperature} 18..26, {@code humidity}
 * 20..90 %, {@code battery} 0..100 %, {@code mode} 0..2, {@code power} 0/1 and {@code firmware}; as
 * {@code weft.telemetry} JSON, about 200 bytes. A hot reading ({@link #hot}) is at 85 °C, above every threshold
 * the generated rules use for their readings, so it raises the alert rules.
 *
 * @param productKey the product's key
 */
public record Thermostat(String productKey) {

    /** Above the alert rules' thresholds (45..49 °C) and below the model's max. */
    public static final double HOT = 85.0;

    public ThingModel model() {
        return ThingModelJson.parse("""
                {
                  "profile": {"version": "1.0", "productKey": "%s"},
                  "properties": [
                    {"identifier": "temperature", "name": "Temperature", "accessMode": "r",
                     "dataType": {"type": "float", "specs": {"min": "-40", "max": "120", "step": "0.1"}}},
                    {"identifier": "targetTemperature", "name": "Target temperature", "accessMode": "rw",
                     "dataType": {"type": "float", "specs": {"min": "5", "max": "35", "step": "0.5"}}},
                    {"identifier": "humidity", "name": "Humidity", "accessMode": "r",
                     "dataType": {"type": "int", "specs": {"min": "0", "max": "100", "step": "1"}}},
                    {"identifier": "battery", "name": "Battery", "accessMode": "r",
                     "dataType": {"type": "int", "specs": {"min": "0", "max": "100", "step": "1"}}},
                    {"identifier": "mode", "name": "Mode", "accessMode": "rw",
                     "dataType": {"type": "enum", "specs": {"0": "off", "1": "heat", "2": "cool"}}},
                    {"identifier": "power", "name": "Power", "accessMode": "rw",
                     "dataType": {"type": "bool", "specs": {"0": "off", "1": "on"}}},
                    {"identifier": "firmware", "name": "Firmware", "accessMode": "r",
                     "dataType": {"type": "text", "specs": {"length": "32"}}}
                  ],
                  "events": [],
                  "services": []
                }
                """.formatted(productKey));
    }

    /** An ordinary reading of {@code device}, message {@code messageId}, at device time {@code time}. */
    public Telemetry reading(long messageId, String device, long time, SplittableRandom random) {
        return post(messageId, device, time, Math.round((10 + random.nextDouble() * 30) * 10) / 10.0, random);
    }

    /** A reading at {@link #HOT} °C, which every alert rule matches. */
    public Telemetry hot(long messageId, String device, long time, SplittableRandom random) {
        return post(messageId, device, time, HOT, random);
    }

    private Telemetry post(long messageId, String device, long time, double temperature, SplittableRandom random) {
        List<PropertyPoint> points = List.of(
                new PropertyPoint("temperature", temperature, time),
                new PropertyPoint("targetTemperature", 18 + random.nextInt(17) / 2.0, time),
                new PropertyPoint("humidity", 20 + random.nextInt(71), time),
                new PropertyPoint("battery", random.nextInt(101), time),
                new PropertyPoint("mode", random.nextInt(3), time),
                new PropertyPoint("power", random.nextInt(2), time),
                new PropertyPoint("firmware", "v1." + random.nextInt(4), time));
        return new Telemetry(messageId, productKey, device, Telemetry.PROPERTY, null, points, time);
    }
}
