package dev.amb.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts a real Spring Boot application with a bad {@code amb.broker} and reads the start-up
 * report the user would see, proving the failure analyzer is registered.
 */
@ExtendWith(OutputCaptureExtension.class)
class AmbStartupFailureReportTests {

    @Test
    void badBrokerValuePrintsAnApplicationFailedToStartReport(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Agent.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--amb.broker=carrier-pigeon")).isNotNull();

        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Invalid value 'carrier-pigeon' for property 'amb.broker'")
            .contains("Valid values: memory, redis, kafka, rabbit, nats, sqs")
            .contains("Set 'amb.broker' to one of");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Agent {
    }
}
