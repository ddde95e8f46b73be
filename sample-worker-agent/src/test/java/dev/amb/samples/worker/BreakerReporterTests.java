package dev.amb.samples.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.amb.MessageBus;
import dev.amb.Subscription;
import dev.amb.resilience.CircuitBreakerStateChangedEvent;
import dev.amb.spi.Breaker.State;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reporter publishes a breaker's changes as a chain, even when their events arrive out of
 * order (as they do when a breaker half-opens on one thread and closes on another).
 */
@SpringBootTest(properties = { "spring.config.name=worker-agent", "agent-system.name=reporter-test",
        "worker.id=worker-r1", "worker.heartbeat-interval=1h" })
class BreakerReporterTests {

    @Autowired
    MessageBus bus;

    @Autowired
    BreakerReporter reporter;

    private final List<String> published = new CopyOnWriteArrayList<>();

    private Subscription subscription;

    @AfterEach
    void close() {
        subscription.close();
    }

    @Test
    void publishesAChangeThatArrivedEarlyAfterTheOneItFollows() {
        subscription = bus.subscribe("reporter-test.agents.worker-r1.breaker", BreakerChange.class,
                message -> published.add(message.data().breaker() + " " + message.data().to()));

        reporter.onBreakerChange(event("tool", State.CLOSED, State.OPEN));
        reporter.onBreakerChange(event("tool", State.HALF_OPEN, State.CLOSED));
        reporter.onBreakerChange(event("other", State.CLOSED, State.OPEN));
        reporter.onBreakerChange(event("tool", State.OPEN, State.HALF_OPEN));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 4);
        assertThat(published).containsExactly("tool OPEN", "other OPEN", "tool HALF_OPEN", "tool CLOSED");
    }

    private CircuitBreakerStateChangedEvent event(String name, State from, State to) {
        return new CircuitBreakerStateChangedEvent(this, name, from, to);
    }
}
