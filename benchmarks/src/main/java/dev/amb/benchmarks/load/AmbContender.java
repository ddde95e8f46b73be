package dev.amb.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import dev.amb.MessageBus;
import dev.amb.SubscriptionOptions;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;

/**
 * The AMB contender of every broker: two {@link DefaultMessageBus}es with the
 * {@link JsonMessageSerializer}, one publishing (or requesting) and one subscribing (or
 * responding). Throughput, request/reply and scatter/gather are written once here; a broker's
 * subclass says how a measurement opens its two sides ({@link #open}) and closes them again
 * (including deleting what the round left on the server), and overrides the few hooks where its
 * measurement differs (topic names, subscription options, how the publishers are paced).
 */
abstract class AmbContender implements Contender {

    /** How long a request (or a scatter) may wait for its replies. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public final String name() {
        return "AMB";
    }

    /**
     * Opens the two sides of one measurement.
     * @param requests {@code true} for request/reply and scatter/gather, {@code false} for throughput
     * @return the publishing (requesting) and the subscribing (responding) bus, and how they close
     * @throws Exception when a side cannot be opened
     */
    protected abstract Sides open(boolean requests) throws Exception;

    /** @return the topic of a throughput round; by default one of its own */
    protected String throughputTopic() {
        return "bench.amb." + Load.unique();
    }

    /** @return the topic the responders of a request/reply or scatter round listen on */
    protected String requestTopic() {
        return "bench.rr";
    }

    /**
     * @param topic the throughput round's topic
     * @return how the throughput subscriber subscribes; by default the topic as a pattern
     */
    protected SubscriptionOptions subscription(String topic) {
        return SubscriptionOptions.pattern(topic);
    }

    /**
     * Called by the throughput subscriber for every message, before it is counted; by default
     * nothing (the publisher's window is released when a publish is confirmed).
     * @param window the publishers' window
     */
    protected void handled(Semaphore window) {
    }

    /**
     * The publishing side of a throughput round; by default every publisher thread keeps at most
     * {@link Load#WINDOW} publishes unconfirmed.
     * @param load the case
     * @param done counted down by the subscriber for every message
     * @param window the publishers' window ({@link Load#WINDOW} permits)
     * @param sides the round's sides
     * @param topic the round's topic
     * @return messages per second
     * @throws Exception when publishing fails or the messages did not all arrive
     */
    protected double publish(Load.Throughput load, CountDownLatch done, Semaphore window, Sides sides, String topic)
            throws Exception {
        String text = load.text();
        return Load.publish(load, done, count -> {
            for (int i = 0; i < count; i++) {
                window.acquire();
                sides.first().publish(topic, text).whenComplete((ok, ex) -> window.release());
            }
        });
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        Sides sides = open(false);
        try {
            String topic = throughputTopic();
            CountDownLatch done = new CountDownLatch(load.messages());
            Semaphore window = new Semaphore(Load.WINDOW);
            sides.second().subscribe(subscription(topic), String.class, message -> {
                handled(window);
                done.countDown();
            });
            return publish(load, done, window, sides, topic);
        }
        finally {
            sides.close();
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        String text = new Load.Throughput(100, 1, 1).text();
        return requests(1, (bus, topic) -> bus.request(topic, text, String.class, REQUEST_TIMEOUT), requests,
                inFlight);
    }

    @Override
    public long[] scatter(int requests, int responders) throws Exception {
        String text = new Load.Throughput(100, 1, 1).text();
        return requests(responders, (bus, topic) -> bus.scatter(topic, text, String.class, REQUEST_TIMEOUT,
                responders, responders), requests, 1);
    }

    private long[] requests(int responders, Request request, int requests, int inFlight) throws Exception {
        Sides sides = open(true);
        try {
            String topic = requestTopic();
            for (int i = 0; i < responders; i++) {
                sides.second().respond(topic, null, String.class, message -> message.data());
            }
            return Load.requests(requests, inFlight, () -> request.send(sides.first(), topic));
        }
        finally {
            sides.close();
        }
    }

    /**
     * @param broker a broker
     * @return a bus on it with the JSON serializer
     */
    static DefaultMessageBus bus(Broker broker) {
        return DefaultMessageBus.builder(broker).serializer(new JsonMessageSerializer()).build();
    }

    /**
     * Two sides on a broker each: closing closes both buses, then both brokers, then runs
     * {@code after}.
     * @param first the publishing (requesting) side's broker
     * @param second the subscribing (responding) side's broker
     * @param after what deletes the round's leftovers on the server
     * @return the sides
     */
    static Sides apart(Broker first, Broker second, Closing after) {
        DefaultMessageBus publisher = bus(first);
        DefaultMessageBus subscriber = bus(second);
        return new Sides(publisher, subscriber, () -> {
            publisher.close();
            subscriber.close();
            first.close();
            second.close();
            after.close();
        });
    }

    /**
     * Two sides on one broker: closing closes both buses, then the broker.
     * @param broker the broker
     * @return the sides
     */
    static Sides shared(Broker broker) {
        DefaultMessageBus publisher = bus(broker);
        DefaultMessageBus subscriber = bus(broker);
        return new Sides(publisher, subscriber, () -> {
            publisher.close();
            subscriber.close();
            broker.close();
        });
    }

    /**
     * The two buses of one measurement and what closes them.
     * @param first the publishing (or requesting) bus
     * @param second the subscribing (or responding) bus
     * @param closing closes both sides and deletes the round's leftovers
     */
    record Sides(DefaultMessageBus first, DefaultMessageBus second, Closing closing) {

        /**
         * Closes both sides.
         * @throws Exception when closing or deleting fails
         */
        void close() throws Exception {
            closing.close();
        }
    }

    /** Closes a measurement's sides, or deletes what it left on the server. */
    @FunctionalInterface
    interface Closing {

        /** @throws Exception when closing fails */
        void close() throws Exception;
    }

    /** One request (or scatter) of a request/reply round. */
    @FunctionalInterface
    private interface Request {

        /**
         * @param bus the requesting bus
         * @param topic the responders' topic
         * @return completes with the reply (or the replies)
         */
        CompletableFuture<?> send(MessageBus bus, String topic);
    }
}
