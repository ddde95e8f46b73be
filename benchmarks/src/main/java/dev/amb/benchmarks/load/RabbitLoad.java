package dev.amb.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;

import dev.amb.broker.rabbit.RabbitBroker;
import dev.amb.broker.rabbit.RabbitSettings;
import dev.amb.core.DefaultMessageBus;

/**
 * The RabbitMQ contenders, on the server given (default {@code amqp://guest:guest@127.0.0.1:5672}),
 * every side publishing persistent messages to a topic exchange of its own that routes them to a
 * non-durable exclusive queue:
 * <ul>
 * <li><b>raw amqp-client</b>: a channel per publisher thread with publisher confirms (the
 * sequence numbers outstanding tracked as the RabbitMQ tutorial does), the payload bytes; a
 * {@code basicConsume} with prefetch {@value Load#WINDOW} acknowledging each message; request/reply
 * through direct reply-to ({@code amq.rabbitmq.reply-to}), the responder acknowledging each
 * request after publishing the reply;</li>
 * <li><b>spring-amqp</b> ({@link RabbitSpring}): {@code RabbitTemplate} with
 * {@code Jackson2JsonMessageConverter} and correlated confirms, a
 * {@code SimpleMessageListenerContainer} with its defaults converting the JSON back;
 * {@code AsyncRabbitTemplate} for request/reply;</li>
 * <li><b>AMB</b>: {@link RabbitBroker} with its defaults (prefetch 10 unless the system property
 * {@code amb.rabbit.prefetch} says otherwise), but broadcast queues that keep every message of a
 * round (the default drops the oldest beyond 10,000 when the subscriber falls behind); one bus
 * publishing and one subscribing, each on a broker instance (two connections) of its own.</li>
 * </ul>
 * Every measurement declares its exchange and queues under a unique name and deletes them
 * afterwards. Request/reply publishes without confirms on the raw and spring-amqp sides (as their
 * request/reply does); AMB's request is a confirmed mandatory publish.
 */
final class RabbitLoad implements AutoCloseable {

    private final ConnectionFactory factory;

    /**
     * @param url an {@code amqp://} URI, or {@code null} for guest on 127.0.0.1:5672
     * @throws Exception when the URI is not valid
     */
    RabbitLoad(String url) throws Exception {
        factory = new ConnectionFactory();
        if (url != null) {
            factory.setUri(url);
        }
        else {
            factory.setHost("127.0.0.1");
            factory.setPort(5672);
            factory.setUsername("guest");
            factory.setPassword("guest");
        }
        factory.setConnectionTimeout(5000);
    }

    /** @return raw amqp-client, spring-amqp, AMB */
    List<Contender> contenders() {
        return List.of(new Raw(), new RabbitSpring(this), new Amb());
    }

    /**
     * @return a copy of the connection settings for spring-amqp, without amqp-client's automatic
     *         recovery (spring-amqp recovers by itself and would turn it off with a warning)
     */
    ConnectionFactory factory() {
        ConnectionFactory copy = factory.clone();
        copy.setAutomaticRecoveryEnabled(false);
        return copy;
    }

    @Override
    public void close() {
    }

    /**
     * Deletes queues and exchanges after a measurement; those already gone (exclusive queues of a
     * closed connection) are skipped.
     * @param queues the queues
     * @param exchanges the exchanges
     */
    void delete(List<String> queues, List<String> exchanges) {
        try (Connection connection = factory.newConnection("ambbench-cleanup")) {
            for (String queue : queues) {
                delete(connection, channel -> channel.queueDelete(queue));
            }
            for (String exchange : exchanges) {
                delete(connection, channel -> channel.exchangeDelete(exchange));
            }
        }
        catch (Exception ex) {
            System.err.println("Could not delete RabbitMQ queues " + queues + " or exchanges " + exchanges + ": " + ex);
        }
    }

    private static void delete(Connection connection, Deletion deletion) {
        try (Channel channel = connection.createChannel()) {
            deletion.delete(channel);
        }
        catch (Exception ex) {
            // already gone
        }
    }

    /** One deletion on a channel of its own (a failed one closes its channel). */
    @FunctionalInterface
    private interface Deletion {

        void delete(Channel channel) throws IOException;
    }

    // ---------------------------------------------------------------- raw amqp-client

    /**
     * A publishing channel in confirm mode; a publish takes a permit of the shared window, its
     * confirm (or nack) gives it back.
     */
    private static final class ConfirmedChannel {

        private final Channel channel;

        private final Semaphore window;

        private final NavigableSet<Long> outstanding = new ConcurrentSkipListSet<>();

        ConfirmedChannel(Connection connection, Semaphore window) throws IOException {
            this.channel = connection.createChannel();
            this.window = window;
            channel.confirmSelect();
            channel.addConfirmListener(this::confirmed, (sequence, multiple) -> {
                System.err.println("RabbitMQ nacked publish " + sequence);
                confirmed(sequence, multiple);
            });
        }

        void publish(String exchange, String routingKey, byte[] body) throws Exception {
            window.acquire();
            outstanding.add(channel.getNextPublishSeqNo());
            channel.basicPublish(exchange, routingKey, MessageProperties.PERSISTENT_BASIC, body);
        }

        private void confirmed(long sequence, boolean multiple) {
            if (multiple) {
                NavigableSet<Long> confirmed = outstanding.headSet(sequence, true);
                int count = 0;
                while (confirmed.pollFirst() != null) {
                    count++;
                }
                window.release(count);
            }
            else if (outstanding.remove(sequence)) {
                window.release();
            }
        }
    }

    /** Raw amqp-client: confirmed publishes of the payload bytes, manual acks, direct reply-to. */
    private final class Raw implements Contender {

        private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

        @Override
        public String name() {
            return "raw amqp-client";
        }

        /** Declares the exchange and an exclusive queue bound to it with the routing key. */
        private static String declare(Channel channel, String exchange, String queue, String routingKey)
                throws IOException {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            channel.queueDeclare(queue, false, true, true, null);
            channel.queueBind(queue, exchange, routingKey);
            return queue;
        }

        @Override
        public double throughput(Load.Throughput load) throws Exception {
            String unique = Load.unique();
            String exchange = "ambbench-raw-" + unique;
            String queue = exchange + ".q";
            String routingKey = "bench.raw." + unique;
            try (Connection publishing = factory.newConnection("ambbench-raw-publish");
                    Connection consuming = factory.newConnection("ambbench-raw-consume")) {
                Channel consumer = consuming.createChannel();
                declare(consumer, exchange, queue, routingKey);
                consumer.basicQos(Load.WINDOW);
                CountDownLatch done = new CountDownLatch(load.messages());
                consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                            byte[] body) throws IOException {
                        consumer.basicAck(envelope.getDeliveryTag(), false);
                        done.countDown();
                    }
                });
                byte[] bytes = load.bytes();
                Semaphore window = new Semaphore(Load.WINDOW);
                return Load.publish(load, done, count -> {
                    ConfirmedChannel channel = new ConfirmedChannel(publishing, window);
                    for (int i = 0; i < count; i++) {
                        channel.publish(exchange, routingKey, bytes);
                    }
                });
            }
            finally {
                delete(List.of(queue), List.of(exchange));
            }
        }

        @Override
        public long[] requestReply(int requests, int inFlight) throws Exception {
            String unique = Load.unique();
            String exchange = "ambbench-raw-rr-" + unique;
            String queue = exchange + ".q";
            String routingKey = "bench.raw-rr." + unique;
            Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
            try (Connection requesting = factory.newConnection("ambbench-raw-requester");
                    Connection responding = factory.newConnection("ambbench-raw-responder")) {
                Channel responder = responding.createChannel();
                declare(responder, exchange, queue, routingKey);
                responder.basicQos(Load.WINDOW);
                responder.basicConsume(queue, false, new DefaultConsumer(responder) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                            byte[] body) throws IOException {
                        responder.basicPublish("", properties.getReplyTo(), new AMQP.BasicProperties.Builder()
                            .correlationId(properties.getCorrelationId()).build(), body);
                        responder.basicAck(envelope.getDeliveryTag(), false);
                    }
                });
                Channel requester = requesting.createChannel();
                requester.basicConsume(DIRECT_REPLY_TO, true, new DefaultConsumer(requester) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                            byte[] body) {
                        CompletableFuture<Void> future = pending.remove(properties.getCorrelationId());
                        if (future != null) {
                            future.complete(null);
                        }
                    }
                });
                byte[] payload = new Load.Throughput(100, 1, 1).bytes();
                return Load.requests(requests, inFlight, () -> {
                    String id = Load.unique() + Load.unique();
                    CompletableFuture<Void> reply = new CompletableFuture<>();
                    pending.put(id, reply);
                    try {
                        requester.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder().correlationId(id)
                            .replyTo(DIRECT_REPLY_TO).deliveryMode(2).build(), payload);
                    }
                    catch (IOException ex) {
                        reply.completeExceptionally(ex);
                    }
                    return reply;
                });
            }
            finally {
                delete(List.of(queue), List.of(exchange));
            }
        }
    }

    // ---------------------------------------------------------------- AMB

    /** AMB on {@link RabbitBroker}, a broker instance per side, on an exchange of its own. */
    private final class Amb extends AmbContender {

        private final int prefetch = Integer.getInteger("amb.rabbit.prefetch", RabbitSettings.defaults().prefetch());

        private RabbitBroker broker(String exchange) {
            RabbitSettings defaults = RabbitSettings.defaults();
            return RabbitBroker.connect(factory, new RabbitSettings(exchange, defaults.queueType(), prefetch,
                    defaults.deliveryLimit(), Integer.MAX_VALUE, defaults.groupQueueExpiry(), Duration.ofSeconds(5)));
        }

        @Override
        protected Sides open(boolean requests) {
            String exchange = (requests ? "ambbench-amb-rr-" : "ambbench-amb-") + Load.unique();
            RabbitBroker firstBroker = broker(exchange);
            RabbitBroker secondBroker = broker(exchange);
            DefaultMessageBus first = bus(firstBroker);
            DefaultMessageBus second = bus(secondBroker);
            return new Sides(first, second, () -> close(first, second, firstBroker, secondBroker, exchange));
        }

        @Override
        protected String throughputTopic() {
            return "bench.amb";
        }

        /** Closes both sides, then deletes the exchange and the queues (exclusive, so mostly gone already). */
        private void close(DefaultMessageBus first, DefaultMessageBus second, RabbitBroker firstBroker,
                RabbitBroker secondBroker, String exchange) {
            List<String> queues = new ArrayList<>(firstBroker.queues());
            queues.addAll(secondBroker.queues());
            first.close();
            second.close();
            firstBroker.close();
            secondBroker.close();
            delete(queues, List.of(exchange));
        }
    }
}
