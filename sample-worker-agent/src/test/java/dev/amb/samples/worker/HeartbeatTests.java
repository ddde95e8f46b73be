package dev.amb.samples.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.amb.MessageBus;
import dev.amb.Subscription;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat apart from its schedule: with an interval of an hour, every status after the first
 * comes from a roll call or from stopping.
 */
@SpringBootTest(properties = { "spring.config.name=worker-agent", "agent-system.name=heartbeat-test",
        "worker.id=worker-h1", "worker.heartbeat-interval=1h" })
class HeartbeatTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    MessageBus bus;

    @Autowired
    Heartbeat heartbeat;

    private final List<String> states = new CopyOnWriteArrayList<>();

    private Subscription subscription;

    @AfterEach
    void restart() {
        subscription.close();
        if (!heartbeat.isRunning()) {
            heartbeat.start();
        }
    }

    @Test
    void answersARollCallWithItsStatusAtOnce() {
        subscribe();

        bus.publish("heartbeat-test.agents.roll-call", null).join();

        Awaitility.await().atMost(TIMEOUT).until(() -> states.contains("IDLE"));
    }

    @Test
    void announcesThatItStopsAndSendsNoHeartbeatAfterwards() {
        subscribe();

        heartbeat.stop();
        heartbeat.beat();
        bus.publish("heartbeat-test.agents.worker-h1.status",
                new AgentStatus("worker-h1", "MARKER", 0, List.of(), 0, Instant.now())).join();

        Awaitility.await().atMost(TIMEOUT).until(() -> states.contains("MARKER"));
        // the start-up beat runs on the heartbeat thread and may arrive after subscribe(): only
        // what follows STOPPED matters here
        assertThat(states).contains("STOPPED");
        assertThat(states.subList(states.indexOf("STOPPED"), states.size())).as("delivered in publish order")
            .containsExactly("STOPPED", "MARKER");
    }

    private void subscribe() {
        subscription = bus.subscribe("heartbeat-test.agents.worker-h1.status", AgentStatus.class,
                message -> states.add(message.data().state()));
    }
}
