package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;

/**
 * One delivery of a Kafka record to a subscription. Settling never touches the network: an ack
 * or reject marks the offset settled (the poll thread commits it in order later, for a group), a
 * nack hands the record to the subscription's timer for redelivery with the next attempt number
 * while its offset stays uncommitted.
 *
 * <p>Thread safe; the first settlement wins.
 */
final class KafkaDelivery implements Delivery {

    private final KafkaSubscription owner;

    private final ConsumerRecord<byte[], byte[]> record;

    private final Envelope envelope;

    private final int attempt;

    private final PartitionProgress progress;

    private final AtomicBoolean settled = new AtomicBoolean();

    KafkaDelivery(KafkaSubscription owner, ConsumerRecord<byte[], byte[]> record, Envelope envelope, int attempt,
            PartitionProgress progress) {
        this.owner = owner;
        this.record = record;
        this.envelope = envelope;
        this.attempt = attempt;
        this.progress = progress;
    }

    ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    PartitionProgress progress() {
        return progress;
    }

    /** @return the same record, one attempt later */
    KafkaDelivery next() {
        return new KafkaDelivery(owner, record, envelope, attempt + 1, progress);
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
            owner.settled(this);
        }
    }

    @Override
    public void nack(Duration delay) {
        if (settled.compareAndSet(false, true)) {
            owner.redeliver(this, delay == null || delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    @Override
    public void reject() {
        ack();
    }

    @Override
    public String toString() {
        return "KafkaDelivery[" + record.topic() + "-" + record.partition() + "@" + record.offset() + ", attempt="
                + attempt + "]";
    }
}
