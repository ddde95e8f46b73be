package dev.amb.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * What the bus does with a message it could not process: undecodable bytes, a filter or
 * condition that threw, a handler that failed on every attempt, or a handler that rejected or
 * dead-lettered it. Never throws, so a failing message never ends its subscription.
 *
 * <p>The original bytes and headers go to the dead-letter topic with {@code amb-dlq-*} headers,
 * and the original is acknowledged once the broker accepted the dead letter. If publishing the
 * dead letter fails, the original is returned to the broker ({@code nack}) for redelivery instead:
 * nothing is lost silently. The failure is remembered (for at most {@value #MAX_AWAITING} messages
 * at once), so the redelivery goes straight back to the dead-letter path with its original reason
 * and error instead of being handled again. With dead letters disabled the message is logged, counted in
 * {@link BusCounters#droppedFailures()} and acknowledged. A message that fails on the dead-letter
 * topic itself is never dead-lettered again (it is logged and dropped, counted), so dead letters
 * cannot loop.
 */
class FailureHandling {

    private static final Log logger = LogFactory.getLog(FailureHandling.class);

    private final DeadLetterSettings settings;

    private final DeadLetterEnvelopes deadLetters;

    private final Function<Envelope, CompletableFuture<Void>> publisher;

    private final BusCounters counters;

    /** At most this many failed dead-letter publishes are remembered at once. */
    static final int MAX_AWAITING = 10_000;

    /** Messages whose dead letter could not be published yet, by subscription and message id. */
    private final Map<String, Failure> awaitingDeadLetter;

    FailureHandling(DeadLetterSettings settings, DeadLetterEnvelopes deadLetters,
            Function<Envelope, CompletableFuture<Void>> publisher, BusCounters counters) {
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.counters = counters;
        this.awaitingDeadLetter = new ConcurrentHashMap<>();
    }

    /** For subclasses that add to another instance's behaviour; they share its state. */
    FailureHandling(FailureHandling delegate) {
        this.settings = delegate.settings;
        this.deadLetters = delegate.deadLetters;
        this.publisher = delegate.publisher;
        this.counters = delegate.counters;
        this.awaitingDeadLetter = delegate.awaitingDeadLetter;
    }

    /**
     * Sends a redelivered message straight back to the dead-letter path when its earlier dead
     * letter could not be published.
     * @return {@code true} when the delivery was handled that way
     */
    boolean retryPendingDeadLetter(SubscriptionContext subscription, Delivery delivery) {
        if (awaitingDeadLetter.isEmpty()) {
            return false;
        }
        Failure failure = awaitingDeadLetter.remove(key(subscription, delivery.envelope()));
        if (failure == null) {
            return false;
        }
        fail(subscription, delivery, failure.attempts(), failure.reason(), failure.cause());
        return true;
    }

    /** The payload could not be decoded ({@code decoding}), or a filter or condition threw. */
    void rejectUnprocessable(SubscriptionContext subscription, Delivery delivery, Throwable cause, boolean decoding) {
        fail(subscription, delivery, delivery.deliveryAttempt(),
                (decoding ? FailureReason.UNDECODABLE : FailureReason.FILTER_FAILED).value(), cause);
    }

    /** The handler failed on every allowed attempt; {@code attempts} is the last attempt's number. */
    void handlerFailed(SubscriptionContext subscription, Delivery delivery, int attempts, Exception cause) {
        fail(subscription, delivery, attempts, FailureReason.RETRIES_EXHAUSTED.value(), cause);
    }

    /** A {@code MANUAL} handler asked for the message to be dead-lettered. */
    void deadLetter(SubscriptionContext subscription, Delivery delivery, int attempt, String reason) {
        fail(subscription, delivery, attempt, reason, null);
    }

    /** Handling stopped because the subscription is closing: hand the message back to the broker. */
    void interrupted(SubscriptionContext subscription, Delivery delivery) {
        if (logger.isDebugEnabled()) {
            logger.debug("Subscription '" + subscription.id() + "' closed while handling message "
                    + delivery.envelope().id() + "; returning it to the broker");
        }
        delivery.nack(Duration.ZERO);
    }

    /**
     * Forgets the failures remembered for a broadcast subscription that closed (a group's stay:
     * another member may receive the redelivery).
     */
    void forget(SubscriptionContext subscription) {
        if (subscription.group() == null && !awaitingDeadLetter.isEmpty()) {
            String prefix = owner(subscription) + '\u0000';
            awaitingDeadLetter.keySet().removeIf(key -> key.startsWith(prefix));
        }
    }

    /** Grouped subscriptions share the memory: a redelivery may go to another member. */
    private static String owner(SubscriptionContext subscription) {
        return subscription.group() != null ? "group:" + subscription.group() + "|" + subscription.pattern().value()
                : "subscription:" + subscription.id();
    }

    private static String key(SubscriptionContext subscription, Envelope envelope) {
        return owner(subscription) + '\u0000' + envelope.id();
    }

    /** Why a message is being dead-lettered, kept while its dead letter waits to be published. */
    private record Failure(int attempts, String reason, Throwable cause) {
    }

    private void fail(SubscriptionContext subscription, Delivery delivery, int attempts, String reason, Throwable cause) {
        Envelope original = delivery.envelope();
        String what = "message " + original.id() + " on '" + original.topic() + "' for subscription '"
                + subscription.id() + "' after " + attempts + " attempt(s) (" + reason
                + (cause != null ? ": " + cause.getClass().getName() + ": " + cause.getMessage() : "") + ")";
        if (!settings.enabled() || original.topic().equals(settings.topic())) {
            counters.droppedFailures.increment();
            logger.warn("Dropping " + what + (settings.enabled() ? "; it failed on the dead-letter topic itself"
                    : "; dead letters are disabled (amb.dead-letter.enabled=false)"), cause);
            delivery.ack();
            return;
        }
        Envelope deadLetter = deadLetters.create(original, settings.topic(), subscription, reason, attempts, cause);
        CompletableFuture<Void> published;
        try {
            published = publisher.apply(deadLetter);
        }
        catch (RuntimeException ex) {
            published = CompletableFuture.failedFuture(ex);
        }
        published.whenComplete((ok, error) -> {
            if (error == null) {
                counters.deadLettered.increment();
                logger.warn("Dead-lettered " + what + " to '" + settings.topic() + "'");
                delivery.ack();
            }
            else {
                counters.deadLetterFailures.increment();
                logger.warn("Could not dead-letter " + what + "; returning it to the broker for redelivery in "
                        + settings.publishRetryDelay(), error);
                if (awaitingDeadLetter.size() < MAX_AWAITING) {
                    awaitingDeadLetter.put(key(subscription, original), new Failure(attempts, reason, cause));
                }
                delivery.nack(settings.publishRetryDelay());
            }
        });
    }
}
