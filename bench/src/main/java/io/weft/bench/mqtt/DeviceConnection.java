package io.weft.bench.mqtt;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

/** A bench device with its connected client and the topic it publishes on. */
public record DeviceConnection(BenchDevice device, Mqtt3AsyncClient client, String topic) {
}
