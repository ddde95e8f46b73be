package dev.amb.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.groups.Default;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.annotation.Validated;

import dev.amb.AckMode;
import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.MessageValidationException;
import dev.amb.RemoteAgentException;
import dev.amb.annotation.AgentListener;
import dev.amb.annotation.AgentResponder;
import dev.amb.autoconfigure.AmbAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @Valid} payloads through a real context: Spring Boot's validation auto-configuration
 * (Hibernate Validator), the auto-configured in-memory bus and annotated endpoints.
 */
class ValidatedPayloadTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
                AmbAutoConfiguration.class))
        .withPropertyValues("amb.dead-letter.topic=orders.dead", "amb.retry.max-retries=3", "amb.retry.initial-delay=1ms")
        .withBean(DeadLetterCollector.class);

    /** Checked only in the {@code Strict} group. */
    interface Strict {
    }

    record Order(@NotBlank String sku, @Positive int quantity, @Positive(groups = Strict.class) int priority) {
    }

    @Test
    void anInvalidPayloadIsDeadLetteredWithItsViolationsAndTheListenerNeverSeesIt() {
        contextRunner.withBean(OrderListener.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("orders.created", new Order(" ", 0, 0)).join();
            bus.publish("orders.created", new Order("A-1", 2, 0)).join();

            OrderListener listener = context.getBean(OrderListener.class);
            DeadLetterCollector deadLetters = context.getBean(DeadLetterCollector.class);
            Awaitility.await().until(() -> listener.received.size() == 1 && deadLetters.received.size() == 1);
            assertThat(listener.received).extracting(Order::sku).containsExactly("A-1");
            Message<Object> deadLetter = deadLetters.received.get(0);
            assertThat(deadLetter.headers()).containsEntry(AmbHeaders.DEAD_LETTER_REASON, "validation-failed")
                .containsEntry(AmbHeaders.DEAD_LETTER_ATTEMPTS, "1");
            assertThat(deadLetter.headers().get(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE))
                .endsWith("failed validation: quantity: must be greater than 0; sku: must not be blank");
        });
    }

    @Test
    void validatedGroupsApplyAndMessageParametersAreValidatedToo() {
        contextRunner.withBean(StrictListener.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("orders.urgent", new Order("A-1", 1, 0)).join();
            bus.publish("orders.urgent", new Order("", 0, 5)).join();

            StrictListener listener = context.getBean(StrictListener.class);
            DeadLetterCollector deadLetters = context.getBean(DeadLetterCollector.class);
            Awaitility.await().until(() -> listener.received.size() == 1 && deadLetters.received.size() == 1);
            assertThat(listener.received.get(0).sku()).isEmpty();
            assertThat(deadLetters.received.get(0).headers().get(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE))
                .endsWith("failed validation: priority: must be greater than 0");
        });
    }

    @Test
    void anInvalidRequestIsAnsweredWithAnErrorListingTheViolations() {
        contextRunner.withBean(PriceResponder.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            assertThat(bus.request("orders.price", new Order("A-1", 3, 1), Integer.class, Duration.ofSeconds(5))
                .join()
                .data()).isEqualTo(30);

            assertThatThrownBy(() -> bus.request("orders.price", new Order(null, 3, 1), Integer.class,
                    Duration.ofSeconds(5)).join())
                .cause()
                .isInstanceOfSatisfying(RemoteAgentException.class, ex -> {
                    assertThat(ex.remoteErrorType()).isEqualTo(MessageValidationException.class.getName());
                    assertThat(ex.remoteMessage()).contains("sku: must not be blank");
                });
            assertThat(context.getBean(PriceResponder.class).calls).hasSize(1);
            Awaitility.await().until(() -> context.getBean(DeadLetterCollector.class).received.size() == 1);
        });
    }

    @Test
    void batchListenersValidateEachMessage() {
        contextRunner.withBean(BatchOrders.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("orders.bulk", new Order("A", 1, 0)).join();
            bus.publish("orders.bulk", new Order("B", -1, 0)).join();
            bus.publish("orders.bulk", new Order("C", 1, 0)).join();

            BatchOrders listener = context.getBean(BatchOrders.class);
            Awaitility.await().until(() -> listener.received.size() == 2
                    && context.getBean(DeadLetterCollector.class).received.size() == 1);
            assertThat(listener.received).extracting(Order::sku).containsExactlyInAnyOrder("A", "C");
        });
    }

    @Test
    void withoutAValidatorInTheContextValidPayloadsAreNotCheckedAsInSpringMvc() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
            .withBean(OrderListener.class)
            .run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(jakarta.validation.Validator.class);
                assertThat(context.getBean(AgentEndpointRegistry.class).getEndpointContainer("orders").endpoint()
                    .handler()
                    .validator()).isNull();
                context.getBean(MessageBus.class).publish("orders.created", new Order(" ", 0, 0)).join();
                Awaitility.await().until(() -> context.getBean(OrderListener.class).received.size() == 1);
            });
    }

    static class OrderListener {

        final List<Order> received = new CopyOnWriteArrayList<>();

        @AgentListener(id = "orders", topics = "orders.created")
        void on(@Valid Order order) {
            received.add(order);
        }
    }

    static class StrictListener {

        final List<Order> received = new CopyOnWriteArrayList<>();

        /** Only the Strict group: a blank sku passes, a priority of 0 does not. */
        @AgentListener(topics = "orders.urgent")
        void on(@Validated(Strict.class) Message<Order> order) {
            received.add(order.data());
        }
    }

    static class PriceResponder {

        final List<Order> calls = new CopyOnWriteArrayList<>();

        @AgentResponder(topic = "orders.price")
        int price(@Validated({ Default.class, Strict.class }) Order order) {
            calls.add(order);
            return order.quantity() * 10;
        }
    }

    static class BatchOrders {

        final List<Order> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "orders.bulk", ackMode = AckMode.BATCH, batchSize = "10", batchTimeout = "50ms")
        void on(@Valid List<Order> orders) {
            received.addAll(orders);
        }
    }

    static class DeadLetterCollector {

        final List<Message<Object>> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "orders.dead")
        void on(Message<Object> deadLetter) {
            received.add(deadLetter);
        }
    }
}
