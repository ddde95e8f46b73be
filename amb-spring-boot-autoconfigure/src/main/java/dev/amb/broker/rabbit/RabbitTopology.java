package dev.amb.broker.rabbit;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

import dev.amb.AmbException;
import dev.amb.spi.GroupKey;

/**
 * The exchanges and queues AMB declares, and their names (documented in the README so operators
 * can find them):
 * <ul>
 * <li>{@code <exchange>}: a durable topic exchange; the routing key is the AMB topic and patterns
 * bind as they are (AMB's wildcards are RabbitMQ's).</li>
 * <li>{@code <exchange>.g.<GroupKey.name(n)>} (n = 200, less for exchange names over 48 characters): a durable group queue (quorum by default), one
 * binding per pattern, shared by every member of the work queue; its dead-letter exchange is the
 * default exchange with routing key {@code <queue>.dlq}, a durable queue of the same type that
 * keeps what RabbitMQ itself dead-letters (delivery limit reached); both get {@code x-expires}
 * when {@link RabbitSettings#groupQueueExpiry()} is set.</li>
 * <li>{@code <exchange>.b.<uuid>}: an exclusive classic queue per broadcast subscription, capped at
 * {@code broadcastMaxLength} messages (oldest dropped), deleted when the subscription or the
 * connection closes, declared again with its bindings after a reconnect.</li>
 * <li>{@code <exchange>.delay.<ms>ms}: a fanout exchange and a durable classic queue per delay tier
 * with {@code x-message-ttl=<ms>} whose expired messages go through the default exchange to the
 * queue named by their routing key: {@code nack(delay)} publishes the copy there with the
 * subscription's queue as routing key. Delays are rounded up to the next tier of
 * {@link #DELAY_TIERS_MS} (longer ones wait the longest tier).</li>
 * </ul>
 *
 * <p>Declarations run on one channel of the consuming connection (so exclusive queues belong to
 * it), one at a time. A queue or exchange that exists with other arguments fails with an
 * {@link AmbException} that names it, the arguments AMB asked for and the server's account of the
 * difference.
 */
final class RabbitTopology {

    static final long[] DELAY_TIERS_MS = { 50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000,
        300_000, 600_000, 1_800_000, 3_600_000 };

    private final Connection connection;

    private final RabbitSettings settings;

    private final Set<Long> declaredTiers = ConcurrentHashMap.newKeySet();

    private Channel channel;

    private volatile BiConsumer<String, String> declared = (kind, name) -> {
    };

    RabbitTopology(Connection connection, RabbitSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /** Tells a listener (tests, which delete what they declared) about every queue and exchange declared. */
    void onDeclare(BiConsumer<String, String> listener) {
        this.declared = listener;
    }

    String exchange() {
        return settings.exchange();
    }

    /** The group queue's name: at most 251 characters, so that its {@code .dlq} fits RabbitMQ's 255. */
    String groupQueue(GroupKey key) {
        String prefix = settings.exchange() + ".g.";
        return prefix + key.name(Math.min(200, 251 - prefix.length()));
    }

    String broadcastQueue() {
        return settings.exchange() + ".b." + UUID.randomUUID();
    }

    static long delayTier(Duration delay) {
        long ms = Math.max(1, delay.toMillis());
        for (long tier : DELAY_TIERS_MS) {
            if (tier >= ms) {
                return tier;
            }
        }
        return DELAY_TIERS_MS[DELAY_TIERS_MS.length - 1];
    }

    String delayName(long tierMs) {
        return settings.exchange() + ".delay." + tierMs + "ms";
    }

    /** Declares the main exchange. */
    synchronized void declareExchange() {
        run("exchange '" + exchange() + "' (durable topic)",
                ch -> ch.exchangeDeclare(exchange(), BuiltinExchangeType.TOPIC, true));
        declared.accept("exchange", exchange());
    }

    /** Declares a group queue, its dead-letter queue and its bindings. */
    synchronized void declareGroupQueue(String queue, List<String> patterns) {
        Map<String, Object> dlqArguments = new HashMap<>();
        dlqArguments.put("x-queue-type", settings.queueType().argument());
        if (!settings.groupQueueExpiry().isZero()) {
            dlqArguments.put("x-expires", settings.groupQueueExpiry().toMillis());
        }
        run("queue '" + queue + ".dlq' " + dlqArguments, ch -> ch.queueDeclare(queue + ".dlq", true, false, false,
                dlqArguments));
        declared.accept("queue", queue + ".dlq");
        Map<String, Object> arguments = groupArguments(queue);
        run("queue '" + queue + "' " + arguments, ch -> ch.queueDeclare(queue, true, false, false, arguments));
        declared.accept("queue", queue);
        bind(queue, patterns);
    }

    Map<String, Object> groupArguments(String queue) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", settings.queueType().argument());
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", queue + ".dlq");
        if (settings.queueType() == RabbitSettings.QueueType.QUORUM) {
            arguments.put("x-delivery-limit", settings.deliveryLimit());
        }
        if (!settings.groupQueueExpiry().isZero()) {
            arguments.put("x-expires", settings.groupQueueExpiry().toMillis());
        }
        return arguments;
    }

    /** Declares an exclusive broadcast queue and its bindings. */
    synchronized void declareBroadcastQueue(String queue, List<String> patterns) {
        Map<String, Object> arguments = Map.of("x-queue-type", "classic", "x-max-length",
                settings.broadcastMaxLength());
        run("queue '" + queue + "' " + arguments, ch -> ch.queueDeclare(queue, false, true, false, arguments));
        bind(queue, patterns);
    }

    private void bind(String queue, List<String> patterns) {
        for (String pattern : patterns) {
            run("binding of '" + queue + "' to '" + pattern + "'", ch -> ch.queueBind(queue, exchange(), pattern));
        }
    }

    /** Declares a delay tier once. */
    void ensureDelayTier(long tierMs) {
        if (declaredTiers.contains(tierMs)) {
            return;
        }
        synchronized (this) {
            if (declaredTiers.contains(tierMs)) {
                return;
            }
            String name = delayName(tierMs);
            Map<String, Object> arguments = Map.of("x-queue-type", "classic", "x-message-ttl", tierMs,
                    "x-dead-letter-exchange", "");
            run("exchange '" + name + "' (durable fanout)", ch -> ch.exchangeDeclare(name, BuiltinExchangeType.FANOUT,
                    true));
            run("queue '" + name + "' " + arguments, ch -> ch.queueDeclare(name, true, false, false, arguments));
            run("binding of '" + name + "'", ch -> ch.queueBind(name, name, ""));
            declared.accept("exchange", name);
            declared.accept("queue", name);
            declaredTiers.add(tierMs);
        }
    }

    /**
     * Asks for a queue's depth by a passive declare: the messages ready for delivery (those
     * delivered and not yet acknowledged are not counted by RabbitMQ's answer). Blocks for one
     * round trip.
     * @param queue the queue
     * @return its ready messages
     * @throws IOException when the queue does not exist or the connection failed
     */
    synchronized long depth(String queue) throws IOException {
        return channel().queueDeclarePassive(queue).getMessageCount();
    }

    /** Deletes a queue (a broadcast subscription's), ignoring failures. */
    synchronized void deleteQueue(String queue) {
        try {
            channel().queueDelete(queue);
        }
        catch (IOException | RuntimeException ex) {
            // the connection is gone, and the exclusive queue with it
        }
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
            if (channel == null) {
                throw new IOException("no channel available on the RabbitMQ connection (channel_max reached)");
            }
        }
        return channel;
    }

    synchronized void close() {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            }
            catch (IOException | java.util.concurrent.TimeoutException | RuntimeException ex) {
                // closing anyway
            }
        }
    }

    private void run(String what, Declaration declaration) {
        try {
            declaration.declare(channel());
        }
        catch (IOException | RuntimeException ex) {
            throw failure(what, ex);
        }
    }

    static AmbException failure(String what, Exception ex) {
        ShutdownSignalException signal = ex instanceof ShutdownSignalException sse ? sse
                : ex.getCause() instanceof ShutdownSignalException sse ? sse : null;
        if (signal != null && signal.getReason() instanceof AMQP.Channel.Close close) {
            if (close.getReplyCode() == AMQP.PRECONDITION_FAILED) {
                return new AmbException("RabbitMQ refused to declare " + what + ": it exists with other arguments ("
                        + close.getReplyText() + "). Delete it (its messages are lost) or change amb.rabbit.* back to"
                        + " what it was declared with", ex);
            }
            return new AmbException("RabbitMQ refused to declare " + what + ": " + close.getReplyText(), ex);
        }
        return new AmbException("Could not declare " + what + " on RabbitMQ: " + ex.getMessage(), ex);
    }

    @FunctionalInterface
    private interface Declaration {
        void declare(Channel channel) throws IOException;
    }
}
