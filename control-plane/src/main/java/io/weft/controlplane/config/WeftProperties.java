package io.weft.controlplane.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The control plane's settings, under {@code weft.*}.
 *
 * @param kafkaBootstrapServers Kafka to publish registry changes to
 * @param topicPrefix           prefix of Weft's topics
 * @param questdbHttp           host:port of the time-series store's HTTP endpoint
 * @param database              where products and devices live
 * @param nodeId                0..1023, makes the message ids this control plane creates (RRPC, broadcasts) unique
 *                              across processes; give each replica its own (edges use their own too)
 */
@Validated
@ConfigurationProperties("weft")
public record WeftProperties(@NotBlank @DefaultValue("localhost:9092") String kafkaBootstrapServers,
                             @NotBlank @DefaultValue("weft.") String topicPrefix,
                             @NotBlank @DefaultValue("localhost:9000") String questdbHttp,
                             @DefaultValue Database database,
                             @Min(0) @Max(1023) @DefaultValue("1023") int nodeId) {

    /**
     * @param embedded  start an embedded PostgreSQL (default); false to use {@code spring.datasource.*}
     * @param directory data directory of the embedded PostgreSQL
     * @param port      port of the embedded PostgreSQL (0 = any free port)
     */
    public record Database(@DefaultValue("true") boolean embedded, @DefaultValue("data/postgres") String directory,
                           @DefaultValue("0") int port) {
    }
}
