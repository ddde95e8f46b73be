package dev.amb.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import dev.amb.broker.sqs.SqsBroker;
import dev.amb.broker.sqs.SqsSettings;

/**
 * The SQS contenders, on an ElasticMQ server started in this JVM (or the endpoint given):
 * <ul>
 * <li><b>raw</b>: the AWS SDK v2 {@code SqsAsyncClient}, {@code SendMessageBatch} of 10,
 * one receive loop ({@code ReceiveMessage} of up to 10, 1 s long poll), {@code DeleteMessageBatch}
 * of what each receive brought; request/reply with a reply queue and a correlation attribute;</li>
 * <li><b>Spring Cloud AWS</b>: {@code SqsTemplate.sendAsync} of each message (the template
 * converts to JSON) and an {@code SqsMessageListenerContainer} with its defaults (what
 * {@code @SqsListener} runs: 10 messages a poll, 10 concurrent, batched acknowledgement); request/reply
 * written the way a Spring user would: a reply-queue and a correlation header, a listener on the
 * reply queue completing futures;</li>
 * <li><b>AMB</b>: {@link SqsBroker} with its defaults but 1 s long polls and a 100 ms registry
 * refresh, one bus publishing and one subscribing (the same broker instance, so the subscription
 * queue is known at once).</li>
 * </ul>
 * The window of unconfirmed sends is {@value Load#WINDOW} messages on every side.
 */
final class SqsLoad implements AutoCloseable {

    private static final String REPLY_TO = "replyto";

    private static final String CORRELATION = "correlation";

    private final SQSRestServer server;

    private final URI endpoint;

    private final SqsAsyncClient client;

    /**
     * @param endpoint an SQS endpoint, or {@code null} to start ElasticMQ in this JVM
     */
    SqsLoad(String endpoint) {
        if (endpoint == null) {
            server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
            this.endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        }
        else {
            server = null;
            this.endpoint = URI.create(endpoint);
        }
        client = client();
    }

    /** @return raw, Spring Cloud AWS, AMB */
    List<Contender> contenders() {
        return List.of(new Raw(), new Spring(), new Amb());
    }

    private SqsAsyncClient client() {
        return SqsAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    private String createQueue(String name) {
        return client.createQueue(b -> b.queueName(name)).join().queueUrl();
    }

    private void deleteQueue(String url) {
        client.deleteQueue(b -> b.queueUrl(url)).join();
    }

    @Override
    public void close() {
        client.close();
        if (server != null) {
            server.stopAndWait();
        }
    }

    // ---------------------------------------------------------------- raw SDK

    /** A thread receiving from one queue until stopped, deleting what it received in one batch. */
    private final class ReceiveLoop implements AutoCloseable {

        private final Thread thread;

        private volatile boolean running = true;

        ReceiveLoop(String url, Consumer<Message> handler) {
            thread = new Thread(() -> {
                while (running) {
                    List<Message> messages = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).messageAttributeNames("All")).join().messages();
                    if (messages.isEmpty()) {
                        continue;
                    }
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
                    for (int i = 0; i < messages.size(); i++) {
                        handler.accept(messages.get(i));
                        String handle = messages.get(i).receiptHandle();
                        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(handle)
                            .build());
                    }
                    client.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
                }
            }, "raw-sqs-receive");
            thread.start();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Raw implements Contender {

        @Override
        public String name() {
            return "raw SqsAsyncClient";
        }

        @Override
        public double throughput(Load.Throughput load) throws Exception {
            String url = createQueue("raw-" + Load.unique());
            String body = new String(load.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            CountDownLatch done = new CountDownLatch(load.messages());
            ReceiveLoop receiving = new ReceiveLoop(url, message -> done.countDown());
            try {
                Semaphore window = new Semaphore(Load.WINDOW);
                return Load.publish(load, done, count -> {
                    for (int sent = 0; sent < count; sent += 10) {
                        int size = Math.min(10, count - sent);
                        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(size);
                        for (int i = 0; i < size; i++) {
                            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body)
                                .build());
                        }
                        window.acquire(size);
                        client.sendMessageBatch(b -> b.queueUrl(url).entries(entries))
                            .whenComplete((ok, ex) -> window.release(size));
                    }
                });
            }
            finally {
                receiving.close();
                deleteQueue(url);
            }
        }

        @Override
        public long[] requestReply(int requests, int inFlight) throws Exception {
            String requestUrl = createQueue("raw-rq-" + Load.unique());
            String replyUrl = createQueue("raw-rp-" + Load.unique());
            Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
            byte[] payload = new Load.Throughput(100, 1, 1).bytes();
            String body = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
            ReceiveLoop responder = new ReceiveLoop(requestUrl, request -> client.sendMessage(b -> b
                    .queueUrl(request.messageAttributes().get(REPLY_TO).stringValue()).messageBody(request.body())
                    .messageAttributes(Map.of(CORRELATION, request.messageAttributes().get(CORRELATION)))));
            ReceiveLoop replies = new ReceiveLoop(replyUrl, reply -> {
                CompletableFuture<Void> future = pending.remove(reply.messageAttributes().get(CORRELATION).stringValue());
                if (future != null) {
                    future.complete(null);
                }
            });
            try {
                return Load.requests(requests, inFlight, () -> {
                    String id = Load.unique() + Load.unique();
                    CompletableFuture<Void> reply = new CompletableFuture<>();
                    pending.put(id, reply);
                    client.sendMessage(b -> b.queueUrl(requestUrl).messageBody(body).messageAttributes(Map.of(
                            REPLY_TO, text(replyUrl), CORRELATION, text(id))));
                    return reply;
                });
            }
            finally {
                responder.close();
                replies.close();
                deleteQueue(requestUrl);
                deleteQueue(replyUrl);
            }
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    // ---------------------------------------------------------------- Spring Cloud AWS

    private final class Spring implements Contender {

        /**
         * The defaults, but 1 s long polls (as the other sides) and stopping waits at most 2 s for the last
         * acknowledgements (after the measurement).
         */
        private static void options(io.awspring.cloud.sqs.listener.SqsContainerOptionsBuilder options) {
            options.pollTimeout(Duration.ofSeconds(1)).acknowledgementShutdownTimeout(Duration.ofSeconds(2));
        }

        /** Stops a container after a measurement; a failure to stop cleanly is reported, not the measurement's. */
        private static void stop(SqsMessageListenerContainer<?> container) {
            try {
                container.stop();
            }
            catch (RuntimeException ex) {
                System.err.println("Spring Cloud AWS container did not stop cleanly: " + ex);
            }
        }

        @Override
        public String name() {
            return "Spring Cloud AWS";
        }

        @Override
        public double throughput(Load.Throughput load) throws Exception {
            String name = "spring-" + Load.unique();
            String url = createQueue(name);
            CountDownLatch done = new CountDownLatch(load.messages());
            SqsMessageListenerContainer<String> container = SqsMessageListenerContainer.<String>builder()
                .sqsAsyncClient(client).queueNames(name).configure(Spring::options).messageListener(message -> done.countDown())
                .build();
            container.start();
            try {
                SqsTemplate template = SqsTemplate.newTemplate(client);
                String text = load.text();
                Semaphore window = new Semaphore(Load.WINDOW);
                return Load.publish(load, done, count -> {
                    for (int i = 0; i < count; i++) {
                        window.acquire();
                        template.<String>sendAsync(to -> to.queue(name).payload(text))
                            .whenComplete((ok, ex) -> window.release());
                    }
                });
            }
            finally {
                stop(container);
                deleteQueue(url);
            }
        }

        @Override
        public long[] requestReply(int requests, int inFlight) throws Exception {
            String requestQueue = "spring-rq-" + Load.unique();
            String replyQueue = "spring-rp-" + Load.unique();
            String requestUrl = createQueue(requestQueue);
            String replyUrl = createQueue(replyQueue);
            SqsTemplate template = SqsTemplate.newTemplate(client);
            Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
            SqsMessageListenerContainer<String> responder = SqsMessageListenerContainer.<String>builder()
                .sqsAsyncClient(client).queueNames(requestQueue).configure(Spring::options)
                .messageListener(request -> template.<String>sendAsync(to -> to
                    .queue((String) request.getHeaders().get(REPLY_TO)).payload(request.getPayload())
                    .header(CORRELATION, request.getHeaders().get(CORRELATION))))
                .build();
            SqsMessageListenerContainer<String> replies = SqsMessageListenerContainer.<String>builder()
                .sqsAsyncClient(client).queueNames(replyQueue).configure(Spring::options)
                .messageListener(reply -> {
                    CompletableFuture<Void> future = pending.remove((String) reply.getHeaders().get(CORRELATION));
                    if (future != null) {
                        future.complete(null);
                    }
                })
                .build();
            responder.start();
            replies.start();
            try {
                String text = new Load.Throughput(100, 1, 1).text();
                return Load.requests(requests, inFlight, () -> {
                    String id = Load.unique() + Load.unique();
                    CompletableFuture<Void> reply = new CompletableFuture<>();
                    pending.put(id, reply);
                    template.<String>sendAsync(to -> to.queue(requestQueue).payload(text).header(REPLY_TO, replyQueue)
                        .header(CORRELATION, id));
                    return reply;
                });
            }
            finally {
                stop(responder);
                stop(replies);
                deleteQueue(requestUrl);
                deleteQueue(replyUrl);
            }
        }
    }

    // ---------------------------------------------------------------- AMB

    /** AMB on {@link SqsBroker}, one broker instance (with a queue prefix of its own) shared by both sides. */
    private final class Amb extends AmbContender {

        private SqsBroker broker() {
            SqsSettings defaults = SqsSettings.defaults();
            SqsSettings settings = new SqsSettings("b" + Load.unique(), defaults.visibilityTimeout(),
                    Duration.ofSeconds(1), defaults.maxMessages(), false, false, false, defaults.maxReceiveCount(),
                    Duration.ofMillis(100), defaults.orphanTimeout(), defaults.maxMessageBytes(),
                    defaults.shutdownTimeout());
            return new SqsBroker(client, false, settings);
        }

        @Override
        protected Sides open(boolean requests) {
            return shared(broker());
        }
    }
}
