package dev.amb.broker.rabbit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * A message delivered by a {@link RabbitSubscription}, settled on its channel.
 *
 * <ul>
 * <li>{@link #ack()} and {@link #reject()} acknowledge it ({@code basic.ack}): the bus has
 * dead-lettered a rejected message itself, so RabbitMQ's own dead-lettering stays for what the
 * broker kills (delivery limit).</li>
 * <li>{@link #nack(Duration)} publishes a copy with the attempt count one higher (header
 * {@code amb-attempt}, the body unchanged) to the delay tier for {@code delay}, whose expiry moves
 * it to the subscription's queue (with no delay: straight to the queue, at its tail), and
 * acknowledges the original once RabbitMQ confirmed the copy. Only when the copy cannot be
 * published does it return the original with {@code basic.nack} and requeue; so no message is
 * requeued in a tight loop.</li>
 * </ul>
 *
 * <p>The first settlement counts; thread safe; never blocks on the network, except that the first
 * use of a delay tier declares it.
 */
final class RabbitDelivery implements Delivery {

    private static final Log logger = LogFactory.getLog(RabbitDelivery.class);

    private final RabbitSubscription subscription;

    private final RabbitSubscription.Inbound inbound;

    private final Envelope envelope;

    private final int attempt;

    private final AtomicBoolean settled = new AtomicBoolean();

    RabbitDelivery(RabbitSubscription subscription, RabbitSubscription.Inbound inbound, Envelope envelope) {
        this.subscription = subscription;
        this.inbound = inbound;
        this.envelope = envelope;
        this.attempt = RabbitHeaderCodec.attempt(inbound.properties());
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public int deliveryAttempt() {
        return attempt;
    }

    @Override
    public void ack() {
        if (settled.compareAndSet(false, true)) {
            subscription.ack(inbound);
        }
    }

    @Override
    public void reject() {
        ack();
    }

    @Override
    public void nack(Duration delay) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> copied;
        try {
            copied = subscription.broker().redeliver(subscription.queue(), envelope, attempt + 1,
                    delay == null ? Duration.ZERO : delay);
        }
        catch (RuntimeException ex) {
            copied = CompletableFuture.failedFuture(ex);
        }
        copied.whenComplete((ok, ex) -> {
            if (ex == null) {
                subscription.ack(inbound);
            }
            else {
                logger.warn("Could not publish the redelivery of message " + envelope.id() + " for subscription '"
                        + subscription.spec().id() + "'; returning it to its queue at once: " + ex.getMessage());
                subscription.requeue(inbound);
            }
        });
    }
}
