package dev.amb.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;

import dev.amb.broker.nats.NatsBroker;
import dev.amb.broker.nats.NatsContentMode;
import dev.amb.broker.nats.NatsJetStreamBroker;

/**
 * The NATS JetStream contenders, on one stream ({@value #STREAM}, file storage, subjects
 * {@code ambbench.>}) of the server given:
 * <ul>
 * <li><b>raw jnats</b>: {@code publishAsync} of the payload bytes, an ordered pull
 * {@code consume()} with batches of 1,000, explicit ack of each message;</li>
 * <li><b>jnats + JSON + headers</b> (the peer: what a user of plain jnats writes to send the same
 * information): the payload as JSON through Jackson and the six CloudEvents headers AMB writes;
 * the consumer reads the headers and parses the JSON;</li>
 * <li><b>AMB</b>: {@link NatsJetStreamBroker} with its defaults (or the content mode given) on the same stream, one bus
 * publishing and one subscribing, each on a connection of its own.</li>
 * </ul>
 * Request/reply on every side goes through the stream both ways (as AMB's JetStream adapter does):
 * the raw sides publish a request with reply-subject and correlation headers, the responder's
 * consumer publishes the reply, the requester's consumer completes the request.
 */
final class JetStreamLoad implements AutoCloseable {

    static final String STREAM = "AMB_BENCH";

    private final Options options;

    private final NatsContentMode contentMode;

    /**
     * @param url the NATS server
     * @param contentMode how AMB writes its messages
     * @throws Exception when the stream cannot be created
     */
    JetStreamLoad(String url, NatsContentMode contentMode) throws Exception {
        this.contentMode = contentMode;
        options = Options.builder().server(url).build();
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

    /** @return raw jnats, jnats with JSON and headers, AMB */
    List<Contender> contenders() {
        return List.of(new Plain(false), new Plain(true), new Amb());
    }

    @Override
    public void close() {
        try {
            Connection connection = Nats.connect(options);
            try {
                connection.jetStreamManagement().deleteStream(STREAM);
            }
            finally {
                connection.close();
            }
        }
        catch (Exception ex) {
            System.err.println("Could not delete the stream " + STREAM + ": " + ex);
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

        private byte[] encode(String text, byte[] bytes) throws IOException {
            return wire.encode(text, bytes);
        }

        private void decode(Message message) {
            wire.decode(message);
        }

        private Headers headers(String subject) {
            return wire.headers(subject);
        }

        private MessageConsumer consume(Connection connection, String subject, Consumer<Message> handler)
                throws Exception {
            return connection.getStreamContext(STREAM).createOrUpdateConsumer(ConsumerConfiguration.builder()
                .filterSubject(subject).deliverPolicy(DeliverPolicy.New).ackPolicy(AckPolicy.Explicit).build())
                .consume(ConsumeOptions.builder().batchSize(1000).build(), message -> {
                    decode(message);
                    handler.accept(message);
                    message.ack();
                });
        }

        @Override
        public double throughput(Load.Throughput load) throws Exception {
            Connection publisher = Nats.connect(options);
            Connection subscriber = Nats.connect(options);
            try {
                String subject = "ambbench.raw." + Load.unique();
                CountDownLatch done = new CountDownLatch(load.messages());
                MessageConsumer consuming = consume(subscriber, subject, message -> done.countDown());
                JetStream js = publisher.jetStream();
                byte[] bytes = load.bytes();
                String text = load.text();
                Semaphore window = new Semaphore(Load.WINDOW);
                try {
                    return Load.publish(load, done, count -> {
                        for (int i = 0; i < count; i++) {
                            window.acquire();
                            js.publishAsync(subject, headers(subject), encode(text, bytes))
                                .whenComplete((ack, ex) -> window.release());
                        }
                    });
                }
                finally {
                    consuming.close();
                }
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
                String requestSubject = "ambbench.rq." + Load.unique();
                String replySubject = "ambbench.rp." + Load.unique();
                JetStream requesting = requester.jetStream();
                JetStream responding = responder.jetStream();
                Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
                MessageConsumer responses = consume(responder, requestSubject, request -> {
                    Headers headers = headers(requestSubject);
                    headers.put("correlation", request.getHeaders().getFirst("correlation"));
                    responding.publishAsync(request.getHeaders().getFirst("reply-subject"), headers, request.getData());
                });
                MessageConsumer replies = consume(requester, replySubject, reply -> {
                    CompletableFuture<Void> future = pending.remove(reply.getHeaders().getFirst("correlation"));
                    if (future != null) {
                        future.complete(null);
                    }
                });
                byte[] payload = encode(new Load.Throughput(100, 1, 1).text(), new Load.Throughput(100, 1, 1).bytes());
                try {
                    return Load.requests(requests, inFlight, () -> {
                        String id = UUID.randomUUID().toString();
                        CompletableFuture<Void> reply = new CompletableFuture<>();
                        pending.put(id, reply);
                        Headers headers = headers(requestSubject).put("correlation", id).put("reply-subject",
                                replySubject);
                        requesting.publishAsync(requestSubject, headers, payload);
                        return reply;
                    });
                }
                finally {
                    responses.close();
                    replies.close();
                }
            }
            finally {
                requester.close();
                responder.close();
            }
        }
    }

    /** AMB on {@link NatsJetStreamBroker} on the same stream, a broker (and connection) per side. */
    private final class Amb extends AmbContender {

        private NatsJetStreamBroker broker() throws Exception {
            return NatsJetStreamBroker.connect(options, NatsBroker.Settings.defaults().withContentMode(contentMode),
                    NatsJetStreamBroker.StreamSettings.defaults().withStream(STREAM, "ambbench"));
        }

        @Override
        protected Sides open(boolean requests) throws Exception {
            return apart(broker(), broker(), () -> {
            });
        }
    }
}
