package dev.amb.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * What the bus does with a message it could not process: undecodable bytes, a filter or
 * condition that threw, a message that failed validation, a handler that failed on every attempt, or a handler that rejected or
 * dead-lettered it. Never throws, so a failing message never ends its subscription.
 *
 * <p>The original bytes and headers go to the dead-letter topic with {@code amb-dlq-*} headers,
 * and the original is acknowledged once the broker accepted the dead letter. If publishing the
 * dead letter fails, the original is returned to the broker ({@code nack}) for redelivery instead:
 * nothing is lost silently. The failure is remembered (for {@value #MEMORY_MINUTES} minutes, see
 * {@link TimedMemory}), so the redelivery goes straight back to the dead-letter path with its
 * original reason and error instead of being handled again.
 *
 * <p>Failed handler attempts of a message handed back to the broker unsettled (an {@code Error}, a
 * closing subscription) are remembered the same way, so that its redelivery continues the retry
 * count where it stopped: attempts count failures, not deliveries (see {@link DeliveryProcessor}). With dead letters disabled the message is logged, counted in
 * {@link SubscriptionCounters#dropped()} and acknowledged. A message that fails on the dead-letter
 * topic itself is never dead-lettered again (it is logged and dropped, counted), so dead letters
 * cannot loop.
 */
class FailureHandling {

    private static final Log logger = LogFactory.getLog(FailureHandling.class);

    private final DeadLetterSettings settings;

    private final DeadLetterEnvelopes deadLetters;

    private final Function<Envelope, CompletableFuture<Void>> publisher;

    /** How long a message handed back to the broker is remembered, waiting for its redelivery. */
    static final int MEMORY_MINUTES = 10;

    /** Messages whose dead letter could not be published yet, by subscription and message id. */
    private final TimedMemory<Failure> awaitingDeadLetter;

    /** Failed attempts of messages handed back to the broker unsettled, by subscription and message id. */
    private final TimedMemory<Integer> failedAttempts;

    FailureHandling(DeadLetterSettings settings, DeadLetterEnvelopes deadLetters,
            Function<Envelope, CompletableFuture<Void>> publisher) {
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.awaitingDeadLetter = new TimedMemory<>(Duration.ofMinutes(MEMORY_MINUTES), System::nanoTime);
        this.failedAttempts = new TimedMemory<>(Duration.ofMinutes(MEMORY_MINUTES), System::nanoTime);
    }

    /** For subclasses that add to another instance's behaviour; they share its state. */
    FailureHandling(FailureHandling delegate) {
        this.settings = delegate.settings;
        this.deadLetters = delegate.deadLetters;
        this.publisher = delegate.publisher;
        this.awaitingDeadLetter = delegate.awaitingDeadLetter;
        this.failedAttempts = delegate.failedAttempts;
    }

    /**
     * Remembers how many attempts at a message failed before it was handed back to the broker
     * unsettled, for {@link #failedAttempts(SubscriptionContext, Delivery)} on its redelivery.
     */
    void rememberFailedAttempts(SubscriptionContext subscription, Delivery delivery, int failed) {
        if (failed > 0) {
            failedAttempts.put(key(subscription, delivery.envelope()), failed);
        }
    }

    /** @return the failed attempts remembered for a redelivered message (forgetting them), 0 if none */
    int failedAttempts(SubscriptionContext subscription, Delivery delivery) {
        if (failedAttempts.isEmpty()) {
            return 0;
        }
        Integer failed = failedAttempts.remove(key(subscription, delivery.envelope()));
        return failed != null ? failed : 0;
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

    /**
     * Decides whether a delivery may be handled at all; the base class admits everything.
     * @return {@code false} when the delivery was refused and settled here
     */
    boolean admit(SubscriptionContext subscription, Delivery delivery) {
        return true;
    }

    /** Dead-letters a delivery refused before handling, with the given reason. */
    void refuse(SubscriptionContext subscription, Delivery delivery, FailureReason reason, Throwable cause) {
        refuse(subscription, delivery, reason.value(), cause);
    }

    /** Dead-letters a delivery an inbound interceptor refused, with the interceptor's reason. */
    void refuse(SubscriptionContext subscription, Delivery delivery, String reason, Throwable cause) {
        fail(subscription, delivery, delivery.deliveryAttempt(), reason, cause);
    }

    /**
     * The payload could not be decoded ({@link FailureReason#UNDECODABLE}), a filter or condition
     * threw ({@link FailureReason#FILTER_FAILED}) or the message failed validation
     * ({@link FailureReason#VALIDATION_FAILED}): dead-lettered at once, never retried.
     */
    void rejectUnprocessable(SubscriptionContext subscription, Delivery delivery, Throwable cause, FailureReason reason) {
        fail(subscription, delivery, delivery.deliveryAttempt(), reason.value(), cause);
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
        if (subscription.group() == null) {
            String prefix = owner(subscription) + '\u0000';
            awaitingDeadLetter.forgetKeys(key -> key.startsWith(prefix));
            failedAttempts.forgetKeys(key -> key.startsWith(prefix));
        }
    }

    /** Grouped subscriptions share the memory: a redelivery may go to another member. */
    private static String owner(SubscriptionContext subscription) {
        return subscription.group() != null ? "group:" + subscription.group() + "|" + String.join(",", subscription.patternValues())
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
            subscription.counters().dropped.increment();
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
                subscription.counters().deadLettered.increment();
                logger.warn("Dead-lettered " + what + " to '" + settings.topic() + "'");
                delivery.ack();
            }
            else {
                subscription.counters().deadLetterFailures.increment();
                logger.warn("Could not dead-letter " + what + "; returning it to the broker for redelivery in "
                        + settings.publishRetryDelay(), error);
                awaitingDeadLetter.put(key(subscription, original), new Failure(attempts, reason, cause));
                delivery.nack(settings.publishRetryDelay());
            }
        });
    }
}
