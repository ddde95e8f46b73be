package dev.amb.benchmarks.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.amb.broker.kafka.KafkaBroker;
import dev.amb.broker.kafka.KafkaBrokerSettings;

/**
 * The Kafka contenders, on spring-kafka-test's embedded KRaft broker started in this JVM (or the
 * bootstrap servers given), every topic with {@value #PARTITIONS} partitions (AMB's default) but
 * reply topics with one (as AMB's inboxes):
 * <ul>
 * <li><b>raw kafka-clients</b> ({@link KafkaRaw}): one {@code KafkaProducer} shared by the
 * publisher threads sending the payload bytes, and a {@code KafkaConsumer} that {@code assign()}s
 * itself every partition (no group) and counts in its poll loop; request/reply with reply-topic and
 * correlation headers;</li>
 * <li><b>spring-kafka</b> ({@link KafkaSpring}): {@code KafkaTemplate} with {@code JsonSerializer}
 * and a {@code ConcurrentMessageListenerContainer} with {@code JsonDeserializer};
 * {@code ReplyingKafkaTemplate} for request/reply;</li>
 * <li><b>AMB</b>: {@link KafkaBroker} with its defaults (broadcast subscriptions, which also
 * {@code assign()} without a group), one bus publishing and one subscribing, each on a broker
 * instance of its own.</li>
 * </ul>
 * Every producer uses {@code acks=all} and idempotence (Kafka's and AMB's defaults); throughput
 * producers linger 5 ms on every side, request/reply producers do not linger (a linger would add
 * up to 5 ms to every hop of a round trip). Each measurement creates topics of its own before it
 * starts timing (AMB's throughput topic too; AMB's request and inbox topics are created by AMB) and
 * deletes them (and its consumer groups) afterwards; AMB's topics carry a prefix of their own for that.
 */
final class KafkaLoad implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final EmbeddedKafkaKraftBroker embedded;

    private final String servers;

    private final Admin admin;

    /**
     * @param servers bootstrap servers, or {@code null} to start an embedded broker in this JVM
     */
    KafkaLoad(String servers) {
        if (servers == null) {
            embedded = new EmbeddedKafkaKraftBroker(1, 1);
            embedded.brokerProperties(Map.of("auto.create.topics.enable", "false", "group.initial.rebalance.delay.ms",
                    "0", "offsets.topic.num.partitions", "5", "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1"));
            embedded.afterPropertiesSet();
            this.servers = embedded.getBrokersAsString();
        }
        else {
            embedded = null;
            this.servers = servers;
        }
        admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.servers));
    }

    /** @return raw kafka-clients, spring-kafka, AMB */
    List<Contender> contenders() {
        return List.of(new KafkaRaw(this), new KafkaSpring(this), new Amb());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        if (embedded != null) {
            embedded.destroy();
        }
    }

    /**
     * Creates a topic and waits until the broker serves it (every partition has a leader), so that
     * a consumer assigning itself its partitions at once finds them all.
     * @param name the topic
     * @param partitions its partitions
     * @return the name
     * @throws Exception when Kafka does not create it within 30 s
     */
    String createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(name);
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return name;
                }
            }
            catch (ExecutionException ex) {
                // not served yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka did not serve the new topic " + name + " within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Deletes topics and consumer groups after a measurement; failures are reported, not thrown.
     * @param topics the topics
     * @param groups the consumer groups
     */
    void delete(List<String> topics, List<String> groups) {
        try {
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            }
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        }
        catch (Exception ex) {
            System.err.println("Could not delete Kafka topics " + topics + " or groups " + groups + ": " + ex);
        }
    }

    private void deleteWithPrefix(String prefix) throws Exception {
        delete(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix)).toList(),
                List.of());
    }

    /**
     * @param throughput linger 5 ms (throughput) or not at all (request/reply)
     * @return producer properties every side uses
     */
    Map<String, Object> producerProperties(boolean throughput) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, throughput ? 5 : 0);
        return properties;
    }

    /**
     * @param group the consumer group, {@code null} for none (assigned partitions)
     * @return consumer properties, reading from the earliest offset (every topic is new)
     */
    Map<String, Object> consumerProperties(String group) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        else {
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        }
        return properties;
    }

    // ---------------------------------------------------------------- AMB

    /** AMB on {@link KafkaBroker}, a broker instance per side, its topics under a prefix of their own. */
    private final class Amb extends AmbContender {

        private KafkaBroker broker(String prefix, boolean throughput) {
            Map<String, Object> client = new HashMap<>();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
            client.put(ProducerConfig.LINGER_MS_CONFIG, producerProperties(throughput).get(ProducerConfig.LINGER_MS_CONFIG));
            return new KafkaBroker(KafkaBrokerSettings.builder(client).topicPrefix(prefix)
                .connectTimeout(Duration.ofSeconds(20)).shutdownTimeout(Duration.ofSeconds(5)).build());
        }

        /**
         * Both sides under a prefix of the round's own, deleted with its topics when they close. A
         * throughput round's topic is created first, as the other sides' are, so that no side's
         * timed window holds the creation of its topic.
         */
        @Override
        protected Sides open(boolean requests) throws Exception {
            String prefix = "ambbench-amb-" + Load.unique() + ".";
            if (!requests) {
                createTopic(prefix + throughputTopic(), PARTITIONS);
            }
            return apart(broker(prefix, !requests), broker(prefix, !requests), () -> deleteWithPrefix(prefix));
        }

        @Override
        protected String throughputTopic() {
            return "bench.amb";
        }
    }
}
