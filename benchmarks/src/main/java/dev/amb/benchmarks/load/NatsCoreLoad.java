package dev.amb.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;

import dev.amb.broker.nats.NatsBroker;
import dev.amb.broker.nats.NatsContentMode;
import dev.amb.core.DefaultMessageBus;

/**
 * The core NATS contenders (at-most-once publish/subscribe, NATS's own request/reply), on the
 * server given, every side on connections of its own:
 * <ul>
 * <li><b>raw jnats</b>: {@code publish} of the payload bytes without headers, a {@link Dispatcher}
 * counting; request/reply with {@code connection.request} to a dispatcher that publishes the
 * request's bytes back to its reply subject;</li>
 * <li><b>jnats + JSON + headers</b> (the peer: what a user of plain jnats writes to send the same
 * information as AMB, see {@link JnatsWire}): the payload as JSON through Jackson and the six
 * CloudEvents headers AMB writes, read and parsed on the receiving side, requests and replies
 * alike;</li>
 * <li><b>AMB</b>: {@link NatsBroker} with its defaults (or the content mode given), one bus publishing (requesting) and one
 * subscribing (responding), each on a connection of its own.</li>
 * </ul>
 *
 * <p><b>Throughput is at-most-once:</b> core NATS drops what a slow subscriber cannot take (its
 * client's pending limit, or the server's slow-consumer cut-off), so a publisher that outruns the
 * subscriber loses messages. Every side therefore flushes its publishing connection (a PING the
 * server answers once it has processed everything before it) after each {@link Load#WINDOW}
 * messages in all ({@link Flushing}), which keeps the publishers at most that far ahead of the
 * server; a subscriber slower than that still loses messages, and the round then fails with how
 * many were lost and what jnats reported ({@link AtMostOnce}) rather than waiting.
 */
final class NatsCoreLoad {

    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The subscription jnats last reported as a slow consumer since the round began. */
    private final AtomicReference<Consumer> slowConsumer = new AtomicReference<>();

    /** The error jnats last reported since the round began. */
    private final AtomicReference<String> error = new AtomicReference<>();

    private final Options options;

    private final NatsContentMode contentMode;

    /**
     * @param url the NATS server
     * @param contentMode how AMB writes its messages
     */
    NatsCoreLoad(String url, NatsContentMode contentMode) {
        this.options = Options.builder().server(url).errorListener(new Reporter()).build();
        this.contentMode = contentMode;
    }

    /** @return raw jnats, jnats with JSON and headers, AMB */
    List<Contender> contenders() {
        return List.of(new Plain(false), new Plain(true), new Amb());
    }

    /**
     * A publishing connection shared by the publisher threads: each thread flushes after every
     * {@link Load#WINDOW} / publishers of its messages (and after its last), one flush at a time, so
     * that all threads together have at most {@link Load#WINDOW} messages the server has not
     * confirmed. One at a time because jnats counts a flush as a ping and treats more than two
     * outstanding ({@code Options.maxPingsOut}) as a broken connection.
     */
    private static final class Flushing {

        private final Connection connection;

        private final int every;

        Flushing(Connection connection, Load.Throughput load) {
            this.connection = connection;
            this.every = Math.max(1, Load.WINDOW / load.publishers());
        }

        /** Publishes one thread's share. */
        void publish(int count, Send send) throws Exception {
            for (int i = 1; i <= count; i++) {
                send.send();
                if (i % every == 0 || i == count) {
                    synchronized (this) {
                        connection.flush(FLUSH_TIMEOUT);
                    }
                }
            }
        }
    }

    /** Forgets what jnats reported in earlier rounds. */
    private void newRound() {
        slowConsumer.set(null);
        error.set(null);
    }

    /** @return what jnats reported during the round, for a failure message */
    private String reported() {
        Consumer slow = slowConsumer.get();
        String text = slow == null ? "jnats reported no slow consumer"
                : "jnats reported a slow consumer, which dropped " + slow.getDroppedCount() + " messages";
        return error.get() == null ? text : text + "; " + error.get();
    }

    /** One publish. */
    @FunctionalInterface
    private interface Send {

        void send() throws Exception;
    }

    /** Keeps the latest slow-consumer or error report of any connection (jnats' own logging stays quiet). */
    private final class Reporter implements ErrorListener {

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            slowConsumer.set(consumer);
        }

        @Override
        public void errorOccurred(Connection connection, String text) {
            error.set("the server reported: " + text);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            error.set("jnats reported: " + exception);
        }
    }

    /** Raw jnats, with or without JSON and CloudEvents-equivalent headers. */
    private final class Plain implements Contender {

        private final JnatsWire wire;

        Plain(boolean json) {
            this.wire = new JnatsWire(json);
        }

        @Override
        public String name() {
            return wire.name();
        }

        /** @return the peer's CloudEvents headers; none for the raw client */
        private Headers headers(String subject) {
            return wire.json() ? JnatsWire.cloudEventsHeaders(subject) : null;
        }

        @Override
        public double throughput(Load.Throughput load) throws Exception {
            newRound();
            Connection publisher = Nats.connect(options);
            Connection subscriber = Nats.connect(options);
            try {
                String subject = "bench.raw." + Load.unique();
                CountDownLatch done = new CountDownLatch(load.messages());
                Dispatcher dispatcher = subscriber.createDispatcher(message -> {
                    wire.decode(message);
                    done.countDown();
                });
                dispatcher.subscribe(subject);
                subscriber.flush(FLUSH_TIMEOUT);
                byte[] bytes = load.bytes();
                String text = load.text();
                Flushing flushing = new Flushing(publisher, load);
                return AtMostOnce.publish(load, done, count -> flushing.publish(count,
                        () -> publisher.publish(subject, headers(subject), wire.encode(text, bytes))),
                        NatsCoreLoad.this::reported);
            }
            finally {
                publisher.close();
                subscriber.close();
            }
        }

        @Override
        public long[] requestReply(int requests, int inFlight) throws Exception {
            Connection requester = Nats.connect(options);
            Connection responder = Nats.connect(options);
            try {
                String subject = "bench.rr." + Load.unique();
                Dispatcher dispatcher = responder.createDispatcher(request -> {
                    wire.decode(request);
                    responder.publish(request.getReplyTo(), headers(subject), request.getData());
                });
                dispatcher.subscribe(subject);
                responder.flush(FLUSH_TIMEOUT);
                Load.Throughput small = new Load.Throughput(100, 1, 1);
                byte[] payload = wire.encode(small.text(), small.bytes());
                return Load.requests(requests, inFlight, () -> requester
                    .requestWithTimeout(subject, headers(subject), payload, REQUEST_TIMEOUT)
                    .thenAccept(wire::decode));
            }
            finally {
                requester.close();
                responder.close();
            }
        }
    }

    /** AMB's core NATS broker, a broker (and connection) per side; at-most-once throughput like the raw sides. */
    private final class Amb extends AmbContender {

        private NatsBroker broker() throws Exception {
            return NatsBroker.connect(options, NatsBroker.Settings.defaults().withContentMode(contentMode));
        }

        @Override
        protected Sides open(boolean requests) throws Exception {
            if (!requests) {
                newRound();
            }
            return apart(broker(), broker(), () -> {
            });
        }

        @Override
        protected double publish(Load.Throughput load, CountDownLatch done, Semaphore window, Sides sides,
                String topic) throws Exception {
            DefaultMessageBus publisher = sides.first();
            String text = load.text();
            Flushing flushing = new Flushing(((NatsBroker) publisher.broker()).connection(), load);
            // the future is complete once jnats has the message: join() only surfaces a failure
            return AtMostOnce.publish(load, done, count -> flushing.publish(count,
                    () -> publisher.publish(topic, text).join()), NatsCoreLoad.this::reported);
        }
    }
}
