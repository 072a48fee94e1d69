package io.weft.controlplane;

import io.weft.controlplane.config.WeftProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Weft control plane: REST API over products, devices and telemetry. */
@SpringBootApplication
@EnableConfigurationProperties(WeftProperties.class)
public class ControlPlaneApplication {

    public static void main(String[] args) {
        SpringApplication.run(ControlPlaneApplication.class, args);
    }
}
