package dev.amb.kit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code amb} health contributor's {@code broker} part reads: {@link Broker#connectionProblem()}
 * reports nothing while the broker works and names the problem once its connection is gone (here:
 * the broker closed). Losing the server while running is tested per adapter (its resilience
 * tests cut the connection), as the kit cannot take a shared server away.
 */
public interface ConnectionHealthContract extends KitContract {

    @Test
    default void connectionProblemIsNoneWhileTheBrokerWorksAndNamedOnceItIsClosed() {
        Broker broker = kit().brokerWithRedeliveryDeadline(Duration.ofSeconds(30)); // an instance of its own
        DefaultMessageBus bus = kit().bus("health-agent", broker);
        String topic = kit().topic("health");
        Recorder<String> received = new Recorder<>();
        bus.subscribe(topic, String.class, received);
        bus.publish(topic, "ping").join();
        kit().await().until(() -> received.count() == 1);

        // long enough for the adapters that check in the background (Kafka's cluster check, SQS's refresh)
        kit().await().during(Duration.ofSeconds(2)).until(() -> broker.connectionProblem() == null);

        bus.close();
        broker.close();

        assertThat(broker.connectionProblem()).as("the closed broker's connection problem").isNotBlank();
    }
}
