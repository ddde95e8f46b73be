package dev.amb.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitPayloads.Numbered;
import dev.amb.kit.KitSupport.Recorder;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Durable brokers do not redeliver what a slow consumer still holds: a backlog handled more slowly
 * than the broker's redelivery deadline (JetStream ack-wait, the Redis Streams claim idle time, the
 * SQS visibility timeout) is handled once each, on the first attempt, and nothing is dead-lettered.
 * The adapter bounds what it takes ahead by what it can handle within the deadline and keeps what
 * it holds alive while it waits.
 */
public interface SlowConsumerContract extends KitContract {

    /** The redelivery deadline the contract's broker gets. */
    Duration DEADLINE = Duration.ofSeconds(2);

    /** How long each message takes to handle. */
    Duration WORK = Duration.ofMillis(100);

    /** The backlog: 60 messages of 100 ms each take three times the deadline. */
    int BACKLOG = 60;

    @Test
    default void backlogHandledSlowerThanTheRedeliveryDeadlineIsHandledOnceEachOnTheFirstAttempt() {
        assumeTrue(kit().capabilities().durable(), "only durable brokers redeliver what a consumer holds");
        Broker broker = kit().brokerWithRedeliveryDeadline(DEADLINE);
        DefaultMessageBus consumer = kit().bus("slow-consumer", broker);
        String topic = kit().topic("slow.work");
        Recorder<Object> deadLetters = new Recorder<>();
        consumer.subscribe(kit().deadLetterTopic(), Object.class, deadLetters);
        Recorder<Numbered> handled = new Recorder<>();
        consumer.subscribe(SubscriptionOptions.pattern(topic).group("slow"), Numbered.class, message -> {
            handled.handle(message);
            work(WORK);
        });

        DefaultMessageBus producer = kit().bus("slow-producer", broker);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            sends.add(producer.publish(topic, new Numbered("slow-producer", i)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        kit().await().atMost(kit().timeout().plus(WORK.multipliedBy(BACKLOG)))
            .until(() -> handled.count() >= BACKLOG);
        kit().await().during(DEADLINE.plusMillis(500)).until(() -> handled.count() == BACKLOG);
        assertThat(handled.hasDuplicates()).as("a message was handled twice").isFalse();
        assertThat(handled.messages()).extracting(Message::deliveryAttempt).containsOnly(1);
        assertThat(deadLetters.count()).as("dead letters").isZero();
    }

    /**
     * Simulates a handler's work without sleeping the test thread.
     * @param duration how long the work takes
     */
    private static void work(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
