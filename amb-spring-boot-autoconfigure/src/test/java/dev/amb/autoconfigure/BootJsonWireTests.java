package dev.amb.autoconfigure;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.serialization.WirePayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot 3.5 agent's JSON (on the application's Jackson 2 {@code ObjectMapper}) against a
 * Spring Boot 4 agent's (on its Jackson 3 {@code JsonMapper}), through two resources in the
 * test-jar: what each line writes for {@link WirePayload#sample()}. This test writes the Boot 3.5
 * one and reads the Boot 4 one; the Boot 4 compatibility module ({@code compat/boot4},
 * {@code AgentApplicationTests}) writes the Boot 4 one and reads the Boot 3.5 one.
 */
class BootJsonWireTests {

    static final String BOOT3_PAYLOAD = "/dev/amb/serialization/boot3-agent-payload.json";

    static final String BOOT4_PAYLOAD = "/dev/amb/serialization/boot4-agent-payload.json";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class));

    @Test
    void writesWhatTheSpringBoot4AgentReads() {
        contextRunner.run(context -> {
            JsonMessageSerializer json = context.getBean(JsonMessageSerializer.class);
            ObjectMapper mapper = context.getBean(ObjectMapper.class);
            assertThat(json.jacksonLine()).isEqualTo("Jackson 2");

            byte[] written = json.serialize(WirePayload.sample());

            assertThat(mapper.readTree(written)).isEqualTo(mapper.readTree(resource(BOOT3_PAYLOAD)));
        });
    }

    @Test
    void readsWhatASpringBoot4AgentWrites() {
        contextRunner.run(context -> {
            JsonMessageSerializer json = context.getBean(JsonMessageSerializer.class);

            Object read = json.deserialize(resource(BOOT4_PAYLOAD), WirePayload.class);

            assertThat(read).usingRecursiveComparison().isEqualTo(WirePayload.sample());
        });
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BootJsonWireTests.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
