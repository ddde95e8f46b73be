package dev.amb.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;

import dev.amb.Message;
import dev.amb.SubscriptionOptions;
import dev.amb.Subscription;
import dev.amb.broker.nats.NatsBroker;
import dev.amb.broker.nats.NatsJetStreamBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;

/**
 * AMB on NATS against raw jnats, in the same run on the same server: core pub/sub throughput,
 * JetStream throughput and request/reply latency, with 100-byte payloads.
 *
 * <p>Throughput is end to end: from the first publish until the subscriber has handled the last
 * message, one publisher and one subscriber, each on its own connection. The raw side publishes a
 * 100-byte array and counts in its jnats handler; AMB publishes a 98-character string (100 bytes
 * as JSON) through {@link DefaultMessageBus} and counts in a typed handler, so its figures include
 * serialization, the CloudEvents headers and the hand-over to a worker thread. JetStream publishes
 * keep at most {@value #JS_WINDOW} acknowledgements outstanding on both sides. Request/reply is
 * sequential round trips to a responder on another connection; p50/p99 of each round trip.
 *
 * <p>"raw + CE headers" rows repeat a raw measurement with the six {@code ce-} headers AMB writes on
 * every message, to separate what the CloudEvents wire format costs from what AMB's pipeline costs.
 *
 * <p>Each measurement runs {@code rounds} times, raw and AMB alternating, after
 * {@value #WARM_UP_ROUNDS} warm-up rounds of each; the median round is reported. Run against a
 * local server:
 *
 * <pre>
 * java -cp benchmarks/target/amb-benchmarks.jar dev.amb.benchmarks.NatsLoadRun [url] [rounds]
 * </pre>
 */
public final class NatsLoadRun {

    private static final int CORE_MESSAGES = 200_000;

    private static final int JS_MESSAGES = 50_000;

    private static final int JS_WINDOW = 1_000;

    private static final int REQUESTS = 5_000;

    private static final int WARM_UP_ROUNDS = 3;

    private static final byte[] RAW_PAYLOAD = new byte[100];

    private static final String AMB_PAYLOAD = "x".repeat(98);

    private static final String STREAM = "AMB_BENCH";

    private NatsLoadRun() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "nats://127.0.0.1:4222";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Arrays.fill(RAW_PAYLOAD, (byte) 'x');
        Options options = new Options.Builder().server(url).maxReconnects(-1).build();
        System.out.printf(Locale.ROOT, "NATS load run against %s, %d rounds (median reported)%n", url, rounds);

        compare("core pub/sub (msg/s)", rounds, () -> rawCore(options, false), () -> ambCore(options));
        compare("core pub/sub, raw + CE headers", rounds, () -> rawCore(options, true), () -> ambCore(options));
        recreateStream(options);
        compare("JetStream pub+consume (msg/s)", rounds, () -> rawJetStream(options), () -> ambJetStream(options));
        compareLatency("", rounds, () -> rawRequests(options, false), () -> ambRequests(options));
        compareLatency(", raw + CE headers", rounds, () -> rawRequests(options, true), () -> ambRequests(options));
    }

    private static void compare(String name, int rounds, Measurement raw, Measurement amb) throws Exception {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            raw.run();
            amb.run();
        }
        double[] rawResults = new double[rounds];
        double[] ambResults = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            rawResults[i] = raw.run();
            ambResults[i] = amb.run();
        }
        report(name, rawResults, ambResults);
    }

    private static void compareLatency(String variant, int rounds, LatencyMeasurement raw, LatencyMeasurement amb)
            throws Exception {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            raw.run();
            amb.run();
        }
        double[][] rawResults = new double[2][rounds];
        double[][] ambResults = new double[2][rounds];
        for (int i = 0; i < rounds; i++) {
            double[] rawRound = raw.run();
            double[] ambRound = amb.run();
            for (int p = 0; p < 2; p++) {
                rawResults[p][i] = rawRound[p];
                ambResults[p][i] = ambRound[p];
            }
        }
        report("request/reply p50 (us)" + variant, rawResults[0], ambResults[0]);
        report("request/reply p99 (us)" + variant, rawResults[1], ambResults[1]);
    }

    private static void report(String name, double[] rawResults, double[] ambResults) {
        double rawMedian = median(rawResults);
        double ambMedian = median(ambResults);
        System.out.printf(Locale.ROOT, "%-40s raw %,12.0f   amb %,12.0f   amb/raw %.2f   (raw %s | amb %s)%n", name,
                rawMedian, ambMedian, ambMedian / rawMedian, format(rawResults), format(ambResults));
    }

    // ---------------------------------------------------------------- core

    /**
     * The CloudEvents headers AMB writes for such a message (same names, same value lengths), so
     * that "raw + headers" shows what the wire format alone costs.
     */
    private static Headers cloudEventsHeaders(String subject) {
        return new Headers().put("ce-specversion", "1.0")
            .put("ce-id", UUID.randomUUID().toString())
            .put("ce-source", "amb-agent-1a2b3c4d")
            .put("ce-type", subject)
            .put("ce-time", java.time.Instant.now().toString())
            .put("ce-datacontenttype", "application/json");
    }

    private static double rawCore(Options options, boolean withHeaders) throws Exception {
        Connection publisher = Nats.connect(options);
        Connection subscriber = Nats.connect(options);
        try {
            String subject = "bench.raw." + UUID.randomUUID();
            CountDownLatch done = new CountDownLatch(CORE_MESSAGES);
            Dispatcher dispatcher = subscriber.createDispatcher(message -> done.countDown());
            dispatcher.subscribe(subject);
            subscriber.flush(Duration.ofSeconds(5));
            long start = System.nanoTime();
            Headers wireHeaders = withHeaders ? cloudEventsHeaders(subject) : null;
            for (int i = 0; i < CORE_MESSAGES; i++) {
                publisher.publish(subject, wireHeaders, RAW_PAYLOAD);
            }
            await(done);
            return rate(CORE_MESSAGES, start);
        }
        finally {
            publisher.close();
            subscriber.close();
        }
    }

    private static double ambCore(Options options) throws Exception {
        return ambThroughput(() -> connectCore(options), CORE_MESSAGES, false);
    }

    private static Broker connectCore(Options options) {
        try {
            return NatsBroker.connect(options, NatsBroker.Settings.defaults());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static double ambThroughput(Supplier<Broker> brokers, int messages, boolean windowed) throws Exception {
        Broker publisherBroker = brokers.get();
        Broker subscriberBroker = brokers.get();
        DefaultMessageBus publisher = bus(publisherBroker);
        DefaultMessageBus subscriber = bus(subscriberBroker);
        try {
            String topic = "bench.amb." + UUID.randomUUID();
            CountDownLatch done = new CountDownLatch(messages);
            Subscription subscription = subscriber.subscribe(SubscriptionOptions.pattern(topic), String.class,
                    message -> done.countDown());
            Semaphore window = new Semaphore(JS_WINDOW);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                if (windowed) {
                    window.acquire();
                    publisher.publish(topic, AMB_PAYLOAD).whenComplete((ok, ex) -> window.release());
                }
                else {
                    publisher.publish(topic, AMB_PAYLOAD);
                }
            }
            await(done);
            double rate = rate(messages, start);
            subscription.close();
            return rate;
        }
        finally {
            publisher.close();
            subscriber.close();
            publisherBroker.close();
            subscriberBroker.close();
        }
    }

    // ---------------------------------------------------------------- JetStream

    private static void recreateStream(Options options) throws Exception {
        Connection connection = Nats.connect(options);
        try {
            try {
                connection.jetStreamManagement().deleteStream(STREAM);
            }
            catch (Exception ex) {
                // not there yet
            }
            connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(STREAM)
                .subjects("ambbench.>").storageType(StorageType.File).maxAge(Duration.ofMinutes(30)).build());
        }
        finally {
            connection.close();
        }
    }

    private static double rawJetStream(Options options) throws Exception {
        Connection publisher = Nats.connect(options);
        Connection subscriber = Nats.connect(options);
        try {
            String subject = "ambbench.raw." + UUID.randomUUID();
            ConsumerContext consumer = subscriber.getStreamContext(STREAM).createOrUpdateConsumer(ConsumerConfiguration
                .builder().filterSubject(subject).deliverPolicy(DeliverPolicy.New).ackPolicy(AckPolicy.Explicit).build());
            CountDownLatch done = new CountDownLatch(JS_MESSAGES);
            MessageConsumer consuming = consumer.consume(ConsumeOptions.builder().batchSize(1000).build(), message -> {
                message.ack();
                done.countDown();
            });
            JetStream js = publisher.jetStream();
            Semaphore window = new Semaphore(JS_WINDOW);
            long start = System.nanoTime();
            for (int i = 0; i < JS_MESSAGES; i++) {
                window.acquire();
                js.publishAsync(subject, RAW_PAYLOAD).whenComplete((ack, ex) -> window.release());
            }
            await(done);
            double rate = rate(JS_MESSAGES, start);
            consuming.close();
            return rate;
        }
        finally {
            publisher.close();
            subscriber.close();
        }
    }

    private static double ambJetStream(Options options) throws Exception {
        return ambThroughput(() -> {
            try {
                return NatsJetStreamBroker.connect(options, NatsBroker.Settings.defaults(),
                        NatsJetStreamBroker.StreamSettings.defaults().withStream(STREAM, "ambbench"));
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }, JS_MESSAGES, true);
    }

    // ---------------------------------------------------------------- request/reply

    private static double[] rawRequests(Options options, boolean withHeaders) throws Exception {
        Connection requester = Nats.connect(options);
        Connection responder = Nats.connect(options);
        try {
            String subject = "bench.rr." + UUID.randomUUID();
            Headers replyHeaders = withHeaders ? cloudEventsHeaders(subject) : null;
            Headers requestHeaders = withHeaders ? cloudEventsHeaders(subject) : null;
            Dispatcher dispatcher = responder.createDispatcher(message -> responder.publish(message.getReplyTo(),
                    replyHeaders, message.getData()));
            dispatcher.subscribe(subject);
            responder.flush(Duration.ofSeconds(5));
            long[] nanos = new long[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                long start = System.nanoTime();
                requester.request(subject, requestHeaders, RAW_PAYLOAD, Duration.ofSeconds(5));
                nanos[i] = System.nanoTime() - start;
            }
            return percentiles(nanos);
        }
        finally {
            requester.close();
            responder.close();
        }
    }

    private static double[] ambRequests(Options options) throws Exception {
        Broker requesterBroker = connectCore(options);
        Broker responderBroker = connectCore(options);
        DefaultMessageBus requester = bus(requesterBroker);
        DefaultMessageBus responder = bus(responderBroker);
        try {
            String topic = "bench.rr." + UUID.randomUUID();
            responder.respond(topic, null, String.class, request -> request.data());
            long[] nanos = new long[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                long start = System.nanoTime();
                CompletableFuture<Message<String>> reply = requester.request(topic, AMB_PAYLOAD, String.class,
                        Duration.ofSeconds(5));
                reply.get(5, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - start;
            }
            return percentiles(nanos);
        }
        finally {
            requester.close();
            responder.close();
            requesterBroker.close();
            responderBroker.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static DefaultMessageBus bus(Broker broker) {
        return DefaultMessageBus.builder(broker).serializer(new JsonMessageSerializer()).build();
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(latch.getCount() + " messages still missing after 120 s");
        }
    }

    private static double rate(int messages, long startNanos) {
        return messages / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] { sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3 };
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String format(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double value : values) {
            parts.add(String.format(Locale.ROOT, "%.0f", value));
        }
        return String.join(" ", parts);
    }

    @FunctionalInterface
    private interface Measurement {

        double run() throws Exception;
    }

    @FunctionalInterface
    private interface LatencyMeasurement {

        double[] run() throws Exception;
    }
}
