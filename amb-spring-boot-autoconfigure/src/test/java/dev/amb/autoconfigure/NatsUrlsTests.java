package dev.amb.autoconfigure;

import java.time.Duration;

import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import dev.amb.AmbException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NatsUrlsTests {

    @Test
    void userInfoIsHiddenInEveryUrl() {
        assertThat(NatsUrls.redact("nats://agent:s3cret@a.example:4222, tls://t0ken@b.example, nats://c.example"))
            .isEqualTo("nats://***@a.example:4222, tls://***@b.example, nats://c.example");
        assertThat(NatsUrls.redact("Unable to connect to NATS servers: [nats://agent:s3cret@127.0.0.1:1]"))
            .isEqualTo("Unable to connect to NATS servers: [nats://***@127.0.0.1:1]");
    }

    @Test
    void aFailedConnectionNamesTheServerWithoutItsPassword() {
        String url = "nats://agent:s3cret@127.0.0.1:1";
        Options options = new Options.Builder().server(url).connectionTimeout(Duration.ofMillis(500)).noReconnect()
            .build();

        assertThatExceptionOfType(AmbException.class).isThrownBy(() -> NatsBrokerConfiguration.connect(options, url))
            .satisfies(ex -> {
                for (Throwable t = ex; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
                }
            })
            .withMessageContaining("nats://***@127.0.0.1:1");
    }
}
