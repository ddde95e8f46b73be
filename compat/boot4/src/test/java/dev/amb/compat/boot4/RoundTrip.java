package dev.amb.compat.boot4;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;

import dev.amb.MessageBus;
import dev.amb.Subscription;
import dev.amb.kit.KitSupport;

/**
 * One message through an auto-configured bus, on a topic of a fresh kit namespace.
 */
final class RoundTrip {

    private RoundTrip() {
    }

    /**
     * Publishes a string and waits until the bus's own subscription receives it.
     * @param bus the bus
     * @param text the text to send
     */
    static void assertRoundTrip(MessageBus bus, String text) {
        String topic = KitSupport.namespace() + ".boot4";
        List<String> received = new CopyOnWriteArrayList<>();
        Subscription subscription = bus.subscribe(topic, String.class, message -> received.add(message.data()));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (received.isEmpty()) {
                    bus.publish(topic, text).join(); // again until the subscription is live (pub/sub brokers keep nothing)
                }
                return received.contains(text);
            });
        }
        finally {
            subscription.close();
        }
    }
}
