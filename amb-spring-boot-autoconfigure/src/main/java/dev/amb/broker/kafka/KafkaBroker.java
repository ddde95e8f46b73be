package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.amb.AmbException;
import dev.amb.AmbHeaders;
import dev.amb.spi.Broker;
import dev.amb.spi.BrokerCapabilities;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.ReplyInboxes;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.AdapterThreads;
import dev.amb.topic.TopicPattern;

/**
 * The Apache Kafka broker: at-least-once delivery for groups, with AMB's exact wildcard
 * semantics.
 *
 * <ul>
 * <li><b>Topics:</b> AMB topic {@code T} is the Kafka topic {@code <prefix>T}, created through the
 * admin client on first use (publish, or subscribe to a literal pattern) with the configured
 * partitions and replication; a subscription's patterns are one anchored regular expression
 * ({@link KafkaTopicNames}).</li>
 * <li><b>Publishing:</b> CloudEvents Kafka binding, binary mode ({@link KafkaRecordCodec}); the
 * record key is the {@code partitionkey} extension, and records without one are spread over the
 * partitions in turn (so the members of a group share them). The future completes when Kafka
 * acknowledged the record ({@code acks=all}, idempotent producer).</li>
 * <li><b>Groups</b> ({@link GroupSubscription}): one Kafka consumer group per
 * {@link dev.amb.spi.GroupKey}, offsets committed in order per partition once settled.</li>
 * <li><b>Broadcast</b> ({@link BroadcastSubscription}): {@code assign()} from the end, no group,
 * no commits.</li>
 * <li><b>Nack with delay:</b> the adapter's timer redelivers the record to the same subscription
 * after the delay while its offset stays uncommitted; other records and partitions go on
 * meanwhile, so a redelivered message comes after messages published later.</li>
 * </ul>
 *
 * <p><b>Threading:</b> thread safe. {@code publish} never waits for the network, except that the
 * first publish to a new topic waits on the topic creation thread ({@code amb-kafka-topics}).
 * Each subscription has a poll thread; handlers run on {@code amb-kafka-worker-*} threads.
 *
 * @since 0.3.0
 */
public final class KafkaBroker implements Broker {

    /**
     * Room kept in every record for the headers the bus adds when it dead-letters the message
     * (error class and message, capped at 1,000 characters, origin, attempts, time): a message is
     * accepted only if it is this much smaller than {@code max-record-size}, and its dead letter
     * then always fits.
     */
    static final int DEAD_LETTER_HEADROOM = 16 * 1024;

    private static final AtomicLong CLIENTS = new AtomicLong();

    private final KafkaBrokerSettings settings;

    private final KafkaTopicNames names;

    private final Admin admin;

    private final KafkaProducer<byte[], byte[]> producer;

    private final ExecutorService topicThread;

    private final KafkaRuntime runtime;

    private final Map<String, AtomicInteger> nextPartition = new ConcurrentHashMap<>();

    private final KafkaClusterCheck clusterCheck;

    private volatile boolean closed;

    /**
     * Connects to Kafka.
     * @param settings the settings
     * @throws AmbException naming the servers when Kafka cannot be reached within the connect timeout
     */
    public KafkaBroker(KafkaBrokerSettings settings) {
        this.settings = settings;
        this.names = new KafkaTopicNames(settings.topicPrefix());
        this.admin = Admin.create(clientProperties("admin"));
        try {
            verifyConnection();
            this.producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(),
                    new ByteArraySerializer());
        }
        catch (RuntimeException ex) {
            admin.close(Duration.ZERO);
            throw ex;
        }
        this.topicThread = Executors.newSingleThreadExecutor(AdapterThreads.daemon("amb-kafka-topics"));
        KafkaTopicCreator topics = new KafkaTopicCreator(admin, settings, topicThread, this::awaitWritable);
        this.runtime = new KafkaRuntime(settings, names, admin, topics, AdapterThreads.workers("amb-kafka-worker-"),
                AdapterThreads.timer("amb-kafka-timer"));
        this.clusterCheck = new KafkaClusterCheck(admin, settings.servers(), settings.connectTimeout());
    }

    /**
     * Kafka's clients reconnect by themselves and expose no connection state, so this reports the
     * last answer of a cluster description that it starts, asynchronously, at most every
     * {@code 5 s} ({@link KafkaClusterCheck}). Never blocks.
     * @return why the cluster did not answer the last check, or {@code null} when it did
     */
    @Override
    public String connectionProblem() {
        return closed ? "the Kafka broker is closed" : clusterCheck.problem();
    }

    private void verifyConnection() {
        long millis = settings.connectTimeout().toMillis();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, millis)))
                .clusterId()
                .get(millis + 1000, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AmbException("Interrupted while connecting to Kafka at " + settings.servers(), ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            throw new AmbException("Could not reach Kafka at " + settings.servers() + " within " + millis
                    + " ms (amb.kafka.brokers / AMB_KAFKA_BROKERS or spring.kafka.bootstrap-servers, "
                    + "amb.kafka.connect-timeout): " + cause.getMessage(), cause);
        }
    }

    private Map<String, Object> clientProperties(String role) {
        Map<String, Object> properties = new HashMap<>(settings.clientProperties());
        Object clientId = properties.getOrDefault(CommonClientConfigs.CLIENT_ID_CONFIG, "amb");
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + role + "-" + CLIENTS.incrementAndGet());
        return properties;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> properties = clientProperties("producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.maxRecordBytes());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.connectTimeout().toMillis());
        return properties;
    }

    private Map<String, Object> consumerProperties(SubscriptionSpec spec) {
        Map<String, Object> properties = clientProperties(spec.grouped() ? "group" : "broadcast");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, settings.topicDiscoveryInterval().toMillis());
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                Math.max(settings.maxRecordBytes() * 2, ConsumerConfig.DEFAULT_FETCH_MAX_BYTES));
        if (spec.grouped()) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupIdPrefix() + spec.groupKey().id());
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
            properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
            properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.heartbeatInterval().toMillis());
            properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    List.of(CooperativeStickyAssignor.class.getName()));
        }
        else {
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        }
        return properties;
    }

    /**
     * @param topic an AMB topic or a Kafka topic
     * @param prefix the topic prefix the name may carry
     * @return {@code true} for a request/reply inbox topic
     */
    static boolean isInboxTopic(String topic, String prefix) {
        String name = topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
        return ReplyInboxes.isInbox(name);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public BrokerCapabilities capabilities() {
        return new BrokerCapabilities(true, settings.partitions() == 1, true, false, true, false,
                settings.maxRecordBytes() - DEAD_LETTER_HEADROOM);
    }

    /** @return the settings this broker runs with */
    public KafkaBrokerSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<Void> publish(Envelope envelope) {
        if (closed) {
            return CompletableFuture.failedFuture(new AmbException("The Kafka broker is closed"));
        }
        String topic;
        try {
            topic = names.kafkaTopic(envelope.topic());
        }
        catch (IllegalArgumentException ex) {
            return CompletableFuture.failedFuture(new AmbException(ex.getMessage(), ex));
        }
        Headers headers = KafkaRecordCodec.headers(envelope);
        byte[] key = KafkaRecordCodec.key(envelope);
        int size = KafkaRecordCodec.size(envelope, headers, key);
        int limit = settings.maxRecordBytes() - DEAD_LETTER_HEADROOM;
        if (size > limit && !envelope.headers().containsKey(AmbHeaders.DEAD_LETTER_REASON)) {
            return CompletableFuture.failedFuture(new AmbException("The message for '" + envelope.topic() + "' is "
                    + size + " bytes as a Kafka record; at most " + limit + " are accepted (amb.kafka.max-record-size "
                    + settings.maxRecordBytes() + " less " + DEAD_LETTER_HEADROOM
                    + " kept for dead-letter headers)"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        runtime.topics().whenReady(topic, () -> send(topic, envelope, key, headers, result),
                error -> result.completeExceptionally(new AmbException("Could not create the Kafka topic '" + topic
                        + "' on " + settings.servers() + ": " + error.getMessage(), error)));
        return result;
    }

    private void send(String topic, Envelope envelope, byte[] key, Headers headers, CompletableFuture<Void> result) {
        try {
            Integer partition = key == null ? nextPartition(topic) : null;
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, null, key, envelope.data(),
                    headers);
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    result.complete(null);
                }
                else {
                    result.completeExceptionally(new AmbException("Kafka did not accept the message for '"
                            + envelope.topic() + "': " + error.getMessage(), error));
                }
            });
        }
        catch (RuntimeException ex) {
            result.completeExceptionally(new AmbException("Could not send the message for '" + envelope.topic()
                    + "' to Kafka: " + ex.getMessage(), ex));
        }
    }

    /**
     * Waits (at most the connect timeout) until every partition of a topic just created (or found
     * existing) can take records: first until the producer's metadata names a leader for each, then
     * until each leader answers a ListOffsets request for it. A broker publishes a new topic in its
     * metadata a moment before its replica manager takes the partitions; a produce request that
     * arrives in between fails with {@code NOT_LEADER_OR_FOLLOWER}, and when the idempotent
     * producer's next request for the partition is appended first, the retried one fails with
     * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until the delivery timeout (KAFKA-15591). ListOffsets is
     * answered by the same replica manager, so once it succeeds the first records go through.
     * Runs on the topic creation thread; when the deadline passes it returns and the producer's own
     * retries take over.
     */
    private void awaitWritable(String topic) {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        List<PartitionInfo> partitions = List.of();
        while (System.nanoTime() < deadline) {
            partitions = producer.partitionsFor(topic);
            if (!partitions.isEmpty() && partitions.stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0)) {
                break;
            }
            if (!pause()) {
                return;
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        while (!latest.isEmpty() && System.nanoTime() < deadline) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) Math.max(1, remaining)))
                    .all()
                    .get(Math.max(1, remaining), TimeUnit.MILLISECONDS);
                return;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (ExecutionException | TimeoutException ex) {
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Integer nextPartition(String topic) {
        List<PartitionInfo> partitions = producer.partitionsFor(topic);
        if (partitions.size() <= 1) {
            return null;
        }
        int next = nextPartition.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement();
        return partitions.get(Math.floorMod(next, partitions.size())).partition();
    }

    @Override
    public BrokerSubscription subscribe(SubscriptionSpec spec, DeliveryHandler handler) {
        if (closed) {
            throw new IllegalStateException("The Kafka broker is closed");
        }
        List<String> literal = spec.patterns().stream().filter(p -> TopicPattern.of(p).isLiteral())
            .map(names::kafkaTopic).toList();
        runtime.topics().ensure(literal);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(spec),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            if (spec.grouped()) {
                GroupSubscription subscription = new GroupSubscription(runtime, spec, handler, consumer);
                runtime.opened(subscription);
                subscription.start();
                return subscription;
            }
            BroadcastSubscription subscription = new BroadcastSubscription(runtime, spec, handler, consumer);
            subscription.start();
            runtime.opened(subscription);
            return subscription;
        }
        catch (RuntimeException ex) {
            consumer.close(Duration.ZERO);
            throw new AmbException("Could not subscribe '" + spec.id() + "' to " + spec.patterns() + " on Kafka at "
                    + settings.servers() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration grace = settings.shutdownTimeout();
        List<Runnable> closing = runtime.subscriptions().stream().<Runnable>map(s -> () -> s.close(grace)).toList();
        if (!closing.isEmpty()) {
            AdapterThreads.inParallel("amb-kafka-close-", closing);
        }
        producer.close(grace);
        admin.close(Duration.ofSeconds(5));
        topicThread.shutdownNow();
        AdapterThreads.stop(runtime.timer(), runtime.workers(), grace);
    }
}
