package io.weft.controlplane.config;

import io.weft.core.envelope.MessageIds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of message ids for what this control plane sends (RRPC requests, broadcasts): a single instance, so
 * two features never draw the same id in the same millisecond.
 */
@Configuration(proxyBeanMethods = false)
public class MessageIdConfig {

    @Bean
    MessageIds messageIds(WeftProperties properties) {
        return new MessageIds(properties.nodeId());
    }
}
