package dev.amb.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw kafka-clients contender: one {@link KafkaProducer} shared by the publisher threads
 * sending the payload bytes, and a {@link KafkaConsumer} that {@code assign()}s itself every
 * partition of the topic (no group, so no rebalance) and counts in its poll loop. Request/reply:
 * the request carries reply-topic and correlation headers, the responder's poll loop sends the
 * reply to that topic, the requester's poll loop completes the request.
 */
final class KafkaRaw implements Contender {

    private static final String REPLY_TOPIC = "reply-topic";

    private static final String CORRELATION = "correlation";

    private final KafkaLoad kafka;

    /**
     * @param kafka the server and its topics
     */
    KafkaRaw(KafkaLoad kafka) {
        this.kafka = kafka;
    }

    @Override
    public String name() {
        return "raw kafka-clients";
    }

    private KafkaProducer<byte[], byte[]> producer(boolean throughput) {
        return new KafkaProducer<>(kafka.producerProperties(throughput), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        String topic = kafka.createTopic("ambbench-raw-" + Load.unique(), KafkaLoad.PARTITIONS);
        CountDownLatch done = new CountDownLatch(load.messages());
        try (KafkaProducer<byte[], byte[]> producer = producer(true)) {
            PollLoop polling = new PollLoop(topic, record -> done.countDown());
            try {
                byte[] bytes = load.bytes();
                Semaphore window = new Semaphore(Load.WINDOW);
                return Load.publish(load, done, count -> {
                    for (int i = 0; i < count; i++) {
                        window.acquire();
                        producer.send(new ProducerRecord<>(topic, bytes), (metadata, ex) -> window.release());
                    }
                });
            }
            finally {
                polling.close();
            }
        }
        finally {
            kafka.delete(List.of(topic), List.of());
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        String requestTopic = kafka.createTopic("ambbench-raw-rq-" + Load.unique(), KafkaLoad.PARTITIONS);
        String replyTopic = kafka.createTopic("ambbench-raw-rp-" + Load.unique(), 1);
        Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
        byte[] payload = new Load.Throughput(100, 1, 1).bytes();
        byte[] replyTo = replyTopic.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> requester = producer(false);
                KafkaProducer<byte[], byte[]> responder = producer(false)) {
            PollLoop responding = new PollLoop(requestTopic, request -> {
                ProducerRecord<byte[], byte[]> reply = new ProducerRecord<>(
                        new String(request.headers().lastHeader(REPLY_TOPIC).value(), StandardCharsets.UTF_8),
                        request.value());
                reply.headers().add(CORRELATION, request.headers().lastHeader(CORRELATION).value());
                responder.send(reply);
            });
            PollLoop replies = null;
            try {
                replies = new PollLoop(replyTopic, reply -> {
                    CompletableFuture<Void> future = pending.remove(
                            new String(reply.headers().lastHeader(CORRELATION).value(), StandardCharsets.UTF_8));
                    if (future != null) {
                        future.complete(null);
                    }
                });
                return Load.requests(requests, inFlight, () -> {
                    String id = Load.unique() + Load.unique();
                    CompletableFuture<Void> reply = new CompletableFuture<>();
                    pending.put(id, reply);
                    ProducerRecord<byte[], byte[]> request = new ProducerRecord<>(requestTopic, payload);
                    request.headers().add(REPLY_TOPIC, replyTo).add(CORRELATION, id.getBytes(StandardCharsets.UTF_8));
                    requester.send(request, (metadata, ex) -> {
                        if (ex != null) {
                            reply.completeExceptionally(ex);
                        }
                    });
                    return reply;
                });
            }
            finally {
                responding.close();
                if (replies != null) {
                    replies.close();
                }
            }
        }
        finally {
            kafka.delete(List.of(requestTopic, replyTopic), List.of());
        }
    }

    /**
     * A consumer thread that assigns itself every partition of one topic from the beginning and
     * hands each record to a handler until closed.
     */
    private final class PollLoop {

        private final Thread thread;

        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private volatile boolean running = true;

        PollLoop(String topic, Consumer<ConsumerRecord<byte[], byte[]>> handler) throws InterruptedException {
            CountDownLatch positioned = new CountDownLatch(1);
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerProperties(null),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                    if (partitions.isEmpty()) {
                        throw new IllegalStateException("no partitions of " + topic);
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    partitions.forEach(consumer::position);
                    positioned.countDown();
                    while (running) {
                        consumer.poll(Duration.ofMillis(100)).forEach(handler);
                    }
                }
                catch (Throwable ex) {
                    failure.set(ex);
                    positioned.countDown();
                }
            }, "raw-kafka-poll");
            thread.start();
            if (!positioned.await(30, TimeUnit.SECONDS) || failure.get() != null) {
                close();
                throw new IllegalStateException("the raw consumer of " + topic + " did not start", failure.get());
            }
        }

        void close() {
            running = false;
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
