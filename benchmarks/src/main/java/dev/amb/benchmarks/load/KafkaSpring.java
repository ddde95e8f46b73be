package dev.amb.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.JsonDeserializer;
import org.springframework.kafka.support.serializer.JsonSerializer;

/**
 * The spring-kafka contender, written as a Spring user would without AMB: a {@link KafkaTemplate}
 * with {@link JsonSerializer} sending the payload string as JSON, and a
 * {@link ConcurrentMessageListenerContainer} (what {@code @KafkaListener} runs; concurrency 1,
 * Spring Boot's default) whose {@link JsonDeserializer} parses it; each container has a consumer
 * group of its own and the measurement starts once it has its partitions. Request/reply:
 * {@link ReplyingKafkaTemplate} with a reply container on a reply topic of one partition, and a
 * responder container that replies as {@code @KafkaListener} with {@code @SendTo} does (to the
 * request's {@link KafkaHeaders#REPLY_TOPIC} with its {@link KafkaHeaders#CORRELATION_ID}).
 */
final class KafkaSpring implements Contender {

    private final KafkaLoad kafka;

    /**
     * @param kafka the server and its topics
     */
    KafkaSpring(KafkaLoad kafka) {
        this.kafka = kafka;
    }

    @Override
    public String name() {
        return "spring-kafka";
    }

    private DefaultKafkaProducerFactory<String, Object> producers(boolean throughput) {
        return new DefaultKafkaProducerFactory<>(kafka.producerProperties(throughput), new StringSerializer(),
                new JsonSerializer<>());
    }

    private <T> ConcurrentMessageListenerContainer<String, T> container(String topic, String group, Class<T> type,
            MessageListener<String, T> listener) {
        DefaultKafkaConsumerFactory<String, T> consumers = new DefaultKafkaConsumerFactory<>(
                kafka.consumerProperties(group), new StringDeserializer(), new JsonDeserializer<>(type, false));
        ContainerProperties properties = new ContainerProperties(topic);
        if (listener != null) {
            properties.setMessageListener(listener);
        }
        return new ConcurrentMessageListenerContainer<>(consumers, properties);
    }

    private static void awaitAssignment(ConcurrentMessageListenerContainer<?, ?> container, int partitions)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (container.getAssignedPartitions().size() < partitions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the listener container got no partitions within 60 s");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        String unique = Load.unique();
        String topic = kafka.createTopic("ambbench-spring-" + unique, KafkaLoad.PARTITIONS);
        String group = "ambbench-spring-" + unique;
        CountDownLatch done = new CountDownLatch(load.messages());
        ConcurrentMessageListenerContainer<String, String> container = container(topic, group, String.class,
                record -> {
                    if (record.value() != null) {
                        done.countDown();
                    }
                });
        DefaultKafkaProducerFactory<String, Object> producers = producers(true);
        try {
            container.start();
            awaitAssignment(container, KafkaLoad.PARTITIONS);
            KafkaTemplate<String, Object> template = new KafkaTemplate<>(producers);
            String text = load.text();
            Semaphore window = new Semaphore(Load.WINDOW);
            return Load.publish(load, done, count -> {
                for (int i = 0; i < count; i++) {
                    window.acquire();
                    template.send(topic, text).whenComplete((result, ex) -> window.release());
                }
            });
        }
        finally {
            container.stop();
            producers.destroy();
            kafka.delete(List.of(topic), List.of(group));
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        String unique = Load.unique();
        String requestTopic = kafka.createTopic("ambbench-spring-rq-" + unique, KafkaLoad.PARTITIONS);
        String replyTopic = kafka.createTopic("ambbench-spring-rp-" + unique, 1);
        String responderGroup = "ambbench-spring-responder-" + unique;
        String requesterGroup = "ambbench-spring-requester-" + unique;
        DefaultKafkaProducerFactory<String, Object> responderProducers = producers(false);
        DefaultKafkaProducerFactory<String, Object> requesterProducers = producers(false);
        KafkaTemplate<String, Object> replies = new KafkaTemplate<>(responderProducers);
        ConcurrentMessageListenerContainer<String, String> responder = container(requestTopic, responderGroup,
                String.class, request -> replies.send(reply(request)));
        ReplyingKafkaTemplate<String, Object, String> requester = new ReplyingKafkaTemplate<>(requesterProducers,
                container(replyTopic, requesterGroup, String.class, null));
        requester.setDefaultReplyTimeout(Duration.ofSeconds(30));
        try {
            responder.start();
            requester.start();
            awaitAssignment(responder, KafkaLoad.PARTITIONS);
            if (!requester.waitForAssignment(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the reply container got no partition within 60 s");
            }
            String text = new Load.Throughput(100, 1, 1).text();
            return Load.requests(requests, inFlight, () -> requester.sendAndReceive(new ProducerRecord<>(requestTopic,
                    text)));
        }
        finally {
            requester.stop();
            requester.destroy();
            responder.stop();
            requesterProducers.destroy();
            responderProducers.destroy();
            kafka.delete(List.of(requestTopic, replyTopic), List.of(responderGroup, requesterGroup));
        }
    }

    /** The reply {@code @SendTo} would send: the request's value to its reply topic, correlated. */
    private static ProducerRecord<String, Object> reply(ConsumerRecord<String, String> request) {
        String replyTopic = new String(request.headers().lastHeader(KafkaHeaders.REPLY_TOPIC).value(),
                StandardCharsets.UTF_8);
        ProducerRecord<String, Object> reply = new ProducerRecord<>(replyTopic, request.value());
        reply.headers().add(KafkaHeaders.CORRELATION_ID, request.headers().lastHeader(KafkaHeaders.CORRELATION_ID).value());
        return reply;
    }
}
