package dev.amb.broker.kafka;

import java.time.Duration;

import dev.amb.kit.BrokerCompatibilityKit;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;

/**
 * The whole broker compatibility kit on an embedded KRaft Kafka broker started once (shared by
 * the Kafka test classes of the JVM). Topics have 3 partitions, so group members share work and a
 * topic keeps no total order ({@code ordered} is false; order per partition key and on
 * single-partition topics is tested in {@link KafkaDeliveryIntegrationTests}).
 */
class KafkaBrokerIntegrationTests extends BrokerCompatibilityKit {

    @Override
    protected Broker createBroker() {
        return new KafkaBroker(KafkaTestSupport.settings(KafkaTestSupport.sharedServers()).build());
    }

    /**
     * The Kafka adapter has no redelivery deadline to shorten: a subscription never stops polling
     * while its handlers work (it pauses its partitions instead), so it never misses
     * {@code max.poll.interval.ms} and Kafka never takes back a record it holds.
     */
    @Override
    protected Broker createBroker(Duration redeliveryDeadline) {
        return createBroker();
    }

    @Override
    protected BrokerCapabilities expectedCapabilities() {
        return new BrokerCapabilities(true, false, true, false, true, false, 1024 * 1024 - 16 * 1024);
    }
}
