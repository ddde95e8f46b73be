package dev.amb.broker.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.Delivery;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.sqs.dlq=true}: every AMB queue gets a redrive policy to {@code <prefix>-dlq}, and SQS
 * moves a message there, unchanged, after {@code max-receive-count} receives: the backstop for
 * messages that never get settled.
 */
class SqsRedriveIntegrationTests {

    @Test
    void messagesReceivedMoreThanMaxReceiveCountTimesMoveToTheRedriveQueue() throws Exception {
        try (ElasticMq server = ElasticMq.start(); SqsAsyncClient client = server.asyncClient();
                SqsClient plain = server.client()) {
            SqsSettings base = ElasticMq.testSettings();
            SqsSettings settings = new SqsSettings(base.queuePrefix(), Duration.ofSeconds(1), base.waitTime(), 10, false,
                    false, true, 2, base.registryRefresh(), base.orphanTimeout(), base.maxMessageBytes(),
                    base.shutdownTimeout());
            try (SqsBroker broker = new SqsBroker(client, false, settings)) {
                List<Delivery> received = new CopyOnWriteArrayList<>();
                BrokerSubscription subscription = broker.subscribe(SubscriptionSpec.of("redrive", "crash.*", "g", 1),
                        delivery -> {
                            received.add(delivery);
                            delivery.nack(Duration.ZERO); // as a consumer that crashes every time
                        });
                String id = UUID.randomUUID().toString();
                broker.publish(Envelope.builder().id(id).topic("crash.now").contentType("text/plain")
                    .data("boom".getBytes(StandardCharsets.UTF_8)).build()).get(30, TimeUnit.SECONDS);

                String dlq = plain.getQueueUrl(b -> b.queueName(base.queuePrefix() + "-dlq")).queueUrl();
                List<Message> moved = new CopyOnWriteArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    moved.addAll(plain.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages());
                    return !moved.isEmpty();
                });
                subscription.close();
                assertThat(moved.get(0).body()).contains(id).contains("\"data\":\"boom\"");
                assertThat(received).hasSizeLessThanOrEqualTo(2);
                String url = plain.listQueues(b -> b.queueNamePrefix(base.queuePrefix() + "-g-")).queueUrls().get(0);
                String policy = plain.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY);
                assertThat(policy).contains(base.queuePrefix() + "-dlq").contains("2");
            }
        }
    }
}
