package io.weft.controlplane.config;

import io.weft.core.store.TelemetryReader;
import io.weft.core.store.questdb.QuestDbReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The time-series store the control plane reads telemetry from. */
@Configuration(proxyBeanMethods = false)
public class StoreConfig {

    @Bean
    TelemetryReader telemetryReader(WeftProperties properties) {
        return new QuestDbReader(properties.questdbHttp());
    }
}
