package dev.amb.broker.kafka;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.amb.spi.Envelope;

/**
 * What a {@link KafkaBroker}'s subscriptions share: the settings and names, the admin client and
 * topic creator, the handler threads and timer, and the set of open subscriptions.
 *
 * <p>Thread safe.
 */
final class KafkaRuntime {

    private static final Log logger = LogFactory.getLog(KafkaRuntime.class);

    private final KafkaBrokerSettings settings;

    private final KafkaTopicNames names;

    private final Admin admin;

    private final KafkaTopicCreator topics;

    private final ExecutorService workers;

    private final ScheduledExecutorService timer;

    private final Set<KafkaSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    KafkaRuntime(KafkaBrokerSettings settings, KafkaTopicNames names, Admin admin, KafkaTopicCreator topics,
            ExecutorService workers, ScheduledExecutorService timer) {
        this.settings = settings;
        this.names = names;
        this.admin = admin;
        this.topics = topics;
        this.workers = workers;
        this.timer = timer;
    }

    KafkaBrokerSettings settings() {
        return settings;
    }

    Admin admin() {
        return admin;
    }

    KafkaTopicNames names() {
        return names;
    }

    KafkaTopicCreator topics() {
        return topics;
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void opened(KafkaSubscription subscription) {
        subscriptions.add(subscription);
    }

    void closed(KafkaSubscription subscription) {
        subscriptions.remove(subscription);
    }

    List<KafkaSubscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /**
     * Reads a record; a record that cannot be read at all becomes a raw envelope of its bytes,
     * which the bus dead-letters.
     * @param record the record
     * @param topic its AMB topic
     * @return the envelope
     */
    Envelope decode(ConsumerRecord<byte[], byte[]> record, String topic) {
        try {
            return KafkaRecordCodec.decode(record, topic);
        }
        catch (RuntimeException ex) {
            logger.debug("Unreadable Kafka record on '" + topic + "'; handing on its raw bytes", ex);
            return Envelope.builder().id(UUID.randomUUID().toString()).topic(topic)
                .data(record.value() != null ? record.value() : new byte[0]).build();
        }
    }

    /**
     * Deletes a topic without waiting (an inbox nobody reads any more); failures are logged.
     * @param kafkaTopic the Kafka topic
     */
    void deleteTopic(String kafkaTopic) {
        topics.forget(kafkaTopic);
        try {
            admin.deleteTopics(List.of(kafkaTopic)).all().whenComplete((ignored, error) -> {
                if (error != null) {
                    logger.debug("Could not delete the Kafka inbox topic '" + kafkaTopic + "'", error);
                }
            });
        }
        catch (RuntimeException ex) {
            logger.debug("Could not delete the Kafka inbox topic '" + kafkaTopic + "'", ex);
        }
    }
}
