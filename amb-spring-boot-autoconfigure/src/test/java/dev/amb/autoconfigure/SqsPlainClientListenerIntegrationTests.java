package dev.amb.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import dev.amb.MessageBus;
import dev.amb.broker.sqs.ElasticMq;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain AWS SDK {@link SqsClient} interop with an application on {@code amb.broker=sqs}, both ways:
 * a plain JSON body sent to a subscription's queue (found through its registry tag) reaches a
 * typed {@code @AgentListener}, and a queue a plain client creates and tags like AMB's is found
 * by the publishers, receiving the structured CloudEvents JSON body.
 */
class SqsPlainClientListenerIntegrationTests extends PlainClientListenerSupport {

    private static ElasticMq server;

    private static SqsClient plain;

    @BeforeAll
    static void startServer() {
        server = ElasticMq.start();
        plain = server.client();
    }

    @AfterAll
    static void stopServer() {
        plain.close();
        server.close();
    }

    private static String[] properties(String prefix) {
        return new String[] { "amb.broker=sqs", "amb.sqs.endpoint=" + server.endpoint(), "amb.sqs.region=us-east-1",
                "amb.sqs.access-key-id=x", "amb.sqs.secret-access-key=y", "amb.sqs.queue-prefix=" + prefix,
                "amb.sqs.wait-time=1s", "amb.sqs.registry-refresh=200ms" };
    }

    private static String prefix() {
        return "plain" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @Test
    void plainSendOfJsonReachesATypedAgentListener() {
        String topic = topic();
        String prefix = prefix();
        application(topic, properties(prefix)).run(context -> {
            assertThat(context).hasNotFailed();
            String url = plain.listQueues(b -> b.queueNamePrefix(prefix + "-")).queueUrls().stream()
                .filter(candidate -> topic.equals(plain.listQueueTags(b -> b.queueUrl(candidate)).tags().get("amb-p0")))
                .findFirst().orElseThrow();
            plain.sendMessage(b -> b.queueUrl(url).messageBody(JSON));
            assertReceived(context.getBean(OrderListener.class), topic);
        });
    }

    @Test
    void aQueueTaggedByAPlainClientReceivesTheCloudEventsThatMatchIt() {
        String topic = topic();
        String prefix = prefix();
        String url = plain.createQueue(b -> b.queueName(prefix + "-plain-reader")
            .tags(Map.of("amb-kind", "group", "amb-p0", topic.substring(0, topic.indexOf('.')) + ".*"))).queueUrl();
        application(topic, properties(prefix)).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            List<Message> received = new CopyOnWriteArrayList<>();
            // the publisher finds the plain queue at its next registry refresh
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                bus.publish(topic, new Order("o-2", 5, EXPECTED.placedAt())).join();
                received.addAll(plain.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(10))
                    .messages());
                return !received.isEmpty();
            });
            JsonNode event = new ObjectMapper().readTree(received.get(0).body().getBytes(StandardCharsets.UTF_8));
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo(topic);
            assertThat(event.get("datacontenttype").asText()).startsWith("application/json");
            assertThat(event.get("data").get("id").asText()).isEqualTo("o-2");
            assertThat(event.get("data").get("quantity").asInt()).isEqualTo(5);
            assertThat(received.get(0).messageAttributes()).isEmpty();
        });
    }
}
