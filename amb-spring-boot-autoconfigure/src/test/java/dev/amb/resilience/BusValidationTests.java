package dev.amb.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

import dev.amb.AckMode;
import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.MessageValidationException;
import dev.amb.MessageValidator;
import dev.amb.RemoteAgentException;
import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DeadLetterSettings;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A subscription's {@link MessageValidator} on the memory broker, with retries configured: an
 * invalid message never reaches the handler, is not retried, and is dead-lettered with the reason
 * {@code validation-failed} and its violations; a request gets an error reply listing them.
 */
class BusValidationTests {

    record Order(String sku, int quantity) {
    }

    /** Quantities must be positive and the sku present. */
    static final MessageValidator ORDERS = message -> {
        Order order = (Order) message.data();
        List<String> violations = new ArrayList<>();
        if (order.sku() == null) {
            violations.add("sku: must not be null");
        }
        if (order.quantity() <= 0) {
            violations.add("quantity: must be greater than 0");
        }
        return violations;
    };

    private final MemoryBroker broker = new MemoryBroker();

    private final DefaultMessageBus bus = DefaultMessageBus.builder(broker)
        .agentId("validation-test")
        .serializer(new JsonMessageSerializer())
        .retryPolicy(new Resilience4jRetryPolicy(new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(2), 2.0,
                0.0, List.of(), List.of())))
        .deadLetters(new DeadLetterSettings(true, "orders.dead", Duration.ofMillis(10)))
        .build();

    private final List<Message<Object>> deadLetters = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        bus.close();
        broker.close();
    }

    @Test
    void anInvalidMessageIsDeadLetteredOnceWithItsViolationsAndNeverHandled() {
        bus.subscribe("orders.dead", Object.class, deadLetters::add);
        List<Order> handled = new CopyOnWriteArrayList<>();
        bus.subscribe(SubscriptionOptions.pattern("orders.created").validator(ORDERS), Order.class,
                message -> handled.add(message.data()));

        bus.publish("orders.created", new Order(null, 0)).join();
        bus.publish("orders.created", new Order("A-1", 2)).join();

        Awaitility.await().until(() -> deadLetters.size() == 1 && handled.size() == 1);
        assertThat(handled).containsExactly(new Order("A-1", 2));
        Map<String, String> headers = deadLetters.get(0).headers();
        assertThat(headers).containsEntry(AmbHeaders.DEAD_LETTER_REASON, "validation-failed")
            .containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "1")
            .containsEntry(AmbHeaders.DEAD_LETTER_ERROR_CLASS, MessageValidationException.class.getName())
            .containsEntry(AmbHeaders.DEAD_LETTER_TOPIC, "orders.created");
        assertThat(headers.get(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE)).contains("failed validation")
            .contains("sku: must not be null; quantity: must be greater than 0");
        assertThat(bus.counters().invalid()).isEqualTo(1);
        assertThat(bus.counters().retries()).isZero();
        assertThat(bus.counters().handlerFailures()).isZero();
    }

    @Test
    void aValidatorThatThrowsDeadLettersTheMessageAndTheSubscriptionCarriesOn() {
        bus.subscribe("orders.dead", Object.class, deadLetters::add);
        AtomicInteger handled = new AtomicInteger();
        bus.subscribe(SubscriptionOptions.pattern("orders.created").validator(message -> {
            if (((Order) message.data()).sku().equals("boom")) {
                throw new IllegalStateException("validator broke");
            }
            return List.of();
        }), Order.class, message -> handled.incrementAndGet());

        bus.publish("orders.created", new Order("boom", 1)).join();
        bus.publish("orders.created", new Order("fine", 1)).join();

        Awaitility.await().until(() -> deadLetters.size() == 1 && handled.get() == 1);
        assertThat(deadLetters.get(0).headers()).containsEntry(AmbHeaders.DEAD_LETTER_REASON, "validation-failed");
        assertThat(deadLetters.get(0).headers().get(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE)).contains("validator broke");
    }

    @Test
    void anInvalidRequestFailsTheRequesterWithTheViolationsAndIsDeadLettered() {
        bus.subscribe("orders.dead", Object.class, deadLetters::add);
        AtomicInteger handled = new AtomicInteger();
        bus.respond(SubscriptionOptions.pattern("orders.price").validator(ORDERS), new ParameterizedTypeReference<Order>() {
        }, request -> {
            handled.incrementAndGet();
            return request.data().quantity() * 10;
        });

        assertThat(bus.request("orders.price", new Order("A-1", 3), Integer.class).join().data()).isEqualTo(30);
        assertThatThrownBy(() -> bus.request("orders.price", new Order("A-1", -1), Integer.class).join()).cause()
            .isInstanceOfSatisfying(RemoteAgentException.class, ex -> {
                assertThat(ex.remoteErrorType()).isEqualTo(MessageValidationException.class.getName());
                assertThat(ex.remoteMessage()).contains("quantity: must be greater than 0");
            });
        Awaitility.await().until(() -> deadLetters.size() == 1);
        assertThat(deadLetters.get(0).headers()).containsEntry(AmbHeaders.DEAD_LETTER_REASON, "validation-failed");
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void inABatchOnlyTheInvalidMessagesAreDeadLettered() {
        bus.subscribe("orders.dead", Object.class, deadLetters::add);
        List<Order> handled = new CopyOnWriteArrayList<>();
        bus.subscribeBatch(SubscriptionOptions.pattern("orders.bulk").ackMode(AckMode.BATCH).batchSize(10)
            .batchTimeout(Duration.ofMillis(50)).validator(ORDERS), Order.class,
                batch -> batch.forEach(message -> handled.add(message.data())));

        bus.publish("orders.bulk", new Order("A", 1)).join();
        bus.publish("orders.bulk", new Order("B", 0)).join();
        bus.publish("orders.bulk", new Order("C", 1)).join();

        Awaitility.await().until(() -> deadLetters.size() == 1 && handled.size() == 2);
        assertThat(handled).extracting(Order::sku).containsExactlyInAnyOrder("A", "C");
    }
}
