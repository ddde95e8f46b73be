package dev.amb.compat.boot4;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import tools.jackson.databind.json.JsonMapper;

import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.serialization.WirePayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot 4 application with only the AMB starter and one {@link AgentListener}: it starts,
 * handles a message, and its JSON is on the application's Jackson 3 mapper, reading what a Boot 3.5
 * agent writes and writing what a Boot 3.5 agent reads (the two resources, shared with the Boot 3.5
 * tests through the autoconfigure test-jar).
 */
@SpringBootTest(classes = AgentApplicationTests.AgentApplication.class, properties = "spring.application.name=boot4-agent")
class AgentApplicationTests {

    /** What a Spring Boot 3.5 agent's JSON serializer writes for {@link WirePayload#sample()}. */
    static final String BOOT3_PAYLOAD = "/dev/amb/serialization/boot3-agent-payload.json";

    /** What a Spring Boot 4 agent's JSON serializer writes for {@link WirePayload#sample()}. */
    static final String BOOT4_PAYLOAD = "/dev/amb/serialization/boot4-agent-payload.json";

    @Autowired
    private MessageBus bus;

    @Autowired
    private Tasks tasks;

    @Autowired
    private JsonMessageSerializer json;

    @Autowired
    private JsonMapper applicationMapper;

    @Test
    void handlesAMessageWithAnAgentListener() {
        Task task = new Task("t-1", Instant.parse("2026-12-06T10:00:00Z"));

        bus.publish("tasks.boot4", task).join();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tasks.received).containsExactly(task));
    }

    @Test
    void jsonIsOnTheApplicationsJackson3Mapper() {
        assertThat(json.jacksonLine()).isEqualTo("Jackson 3");
        assertThat(json.mapper()).isSameAs(applicationMapper);
    }

    @Test
    void readsWhatASpringBoot35AgentWrites() throws IOException {
        Object read = json.deserialize(resource(BOOT3_PAYLOAD), WirePayload.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(WirePayload.sample());
    }

    @Test
    void writesWhatTheSpringBoot35TestsRead() throws IOException {
        byte[] written = json.serialize(WirePayload.sample());

        assertThat(applicationMapper.readTree(written)).isEqualTo(applicationMapper.readTree(resource(BOOT4_PAYLOAD)));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AgentApplicationTests.class.getResourceAsStream(name)) {
            assertThat(in).as(name + " from the autoconfigure test-jar").isNotNull();
            return in.readAllBytes();
        }
    }

    /**
     * A task.
     * @param id its id
     * @param at when it was made
     */
    record Task(String id, Instant at) {
    }

    /** The listener. */
    static class Tasks {

        final List<Task> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "tasks.boot4")
        void onTask(Task task) {
            received.add(task);
        }
    }

    @SpringBootApplication
    static class AgentApplication {

        @Bean
        Tasks tasks() {
            return new Tasks();
        }
    }
}
