package dev.amb.broker.rabbit;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

import dev.amb.AmbException;

/**
 * Publishes on one channel in publisher-confirm mode: a publish's future completes when RabbitMQ
 * confirms the message ({@code basic.ack}: routed queues have it, durably for durable queues) and
 * fails on a {@code basic.nack}, on a {@code basic.return} of a mandatory message (nobody is bound
 * for it) and when the channel closes before the confirm came (the message may or may not have
 * arrived; publishing again is safe for AMB's at-least-once consumers).
 *
 * <p><b>Threading:</b> publishing is serialized on this object (one AMQP channel must not be
 * written by two threads at once) and writes to the socket without waiting for the server;
 * confirms, returns and the channel's shutdown arrive on the connection's I/O thread and complete
 * futures there (callers must not block in their callbacks). A mandatory message carries the
 * header {@value #SEQUENCE_HEADER} so that a return, which RabbitMQ sends before the confirm, can
 * be matched to its publish.
 */
final class RabbitPublisher {

    static final String SEQUENCE_HEADER = "amb-publish-seq";

    private final Connection connection;

    private final NavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();

    private final Map<Long, String> returned = new HashMap<>();

    private final int frameMax;

    /** Guarded by this object; replaced when RabbitMQ closed it with a channel error. */
    private Channel channel;

    private boolean closed;

    RabbitPublisher(Connection connection) throws IOException {
        this.connection = connection;
        this.frameMax = connection.getFrameMax();
        synchronized (this) {
            this.channel = open();
        }
    }

    /** Must hold the lock. */
    private Channel open() throws IOException {
        Channel created = connection.createChannel();
        if (created == null) {
            throw new IOException("no channel available on the RabbitMQ connection (channel_max reached)");
        }
        created.confirmSelect();
        created.addConfirmListener(this::acked, this::nacked);
        created.addReturnListener(returnMessage -> returned(returnMessage.getProperties(), returnMessage.getReplyCode(),
                returnMessage.getReplyText(), returnMessage.getExchange(), returnMessage.getRoutingKey()));
        created.addShutdownListener(this::shutdown);
        return created;
    }

    int frameMax() {
        return frameMax;
    }

    /**
     * Publishes a message.
     * @param exchange the exchange ({@code ""} for the default one)
     * @param routingKey the routing key
     * @param mandatory whether an unroutable message fails the future
     * @param properties the properties
     * @param body the body
     * @return completes on the confirm; fails with an {@link AmbException}, or a
     *         {@link Unroutable} for a returned mandatory message
     */
    CompletableFuture<Void> publish(String exchange, String routingKey, boolean mandatory,
            AMQP.BasicProperties properties, byte[] body) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (this) {
            try {
                if (!closed && !channel.isOpen() && connection.isOpen()) {
                    channel = open(); // RabbitMQ closed the channel over an error (say, a deleted exchange)
                }
            }
            catch (IOException | RuntimeException ex) {
                future.completeExceptionally(new AmbException("Could not publish to '" + routingKey + "' on RabbitMQ: "
                        + ex.getMessage(), ex));
                return future;
            }
            long sequence = channel.getNextPublishSeqNo();
            AMQP.BasicProperties sent = properties;
            if (mandatory) {
                Map<String, Object> headers = new HashMap<>(properties.getHeaders() != null ? properties.getHeaders()
                        : Map.of());
                headers.put(SEQUENCE_HEADER, sequence);
                sent = properties.builder().headers(headers).build();
            }
            pending.put(sequence, future);
            try {
                channel.basicPublish(exchange, routingKey, mandatory, sent, body);
            }
            catch (IOException | RuntimeException ex) {
                pending.remove(sequence);
                future.completeExceptionally(new AmbException("Could not publish to '" + routingKey + "' on RabbitMQ: "
                        + ex.getMessage(), ex));
                if (channel.getNextPublishSeqNo() != sequence) {
                    // the client counted a message it never sent: RabbitMQ's confirms would now match the
                    // wrong futures (or none), so this channel's publishes fail and the next one opens another
                    abortChannel();
                }
            }
        }
        return future;
    }

    /** Must hold the lock. Closes the channel at once; its shutdown fails the publishes awaiting a confirm. */
    private void abortChannel() {
        try {
            channel.abort();
        }
        catch (IOException | RuntimeException ex) {
            // closing anyway
        }
        if (!pending.isEmpty()) {
            shutdown(new ShutdownSignalException(false, true, null, channel));
        }
    }

    private void acked(long sequence, boolean multiple) {
        settle(sequence, multiple, true);
    }

    private void nacked(long sequence, boolean multiple) {
        settle(sequence, multiple, false);
    }

    private void settle(long sequence, boolean multiple, boolean ack) {
        Map<Long, CompletableFuture<Void>> done = multiple ? pending.headMap(sequence, true) : null;
        if (done != null) {
            for (Long key : done.keySet().toArray(Long[]::new)) {
                settleOne(key, ack);
            }
        }
        else {
            settleOne(sequence, ack);
        }
    }

    private void settleOne(long sequence, boolean ack) {
        CompletableFuture<Void> future = pending.remove(sequence);
        String returnedReason;
        synchronized (returned) {
            returnedReason = returned.remove(sequence);
        }
        if (future == null) {
            return;
        }
        if (returnedReason != null) {
            future.completeExceptionally(new Unroutable(returnedReason));
        }
        else if (ack) {
            future.complete(null);
        }
        else {
            future.completeExceptionally(new AmbException("RabbitMQ refused the message (basic.nack): it could not"
                    + " take it, for example because a queue is full with overflow reject-publish"));
        }
    }

    private void returned(AMQP.BasicProperties properties, int code, String text, String exchange, String routingKey) {
        Object sequence = properties.getHeaders() != null ? properties.getHeaders().get(SEQUENCE_HEADER) : null;
        if (sequence instanceof Number number) {
            synchronized (returned) {
                returned.put(number.longValue(), "RabbitMQ returned the message to '" + routingKey + "' on exchange '"
                        + exchange + "' as unroutable (" + code + " " + text + "): no queue is bound for it");
            }
        }
    }

    private void shutdown(ShutdownSignalException cause) {
        AmbException failure = new AmbException("The RabbitMQ channel closed before the broker confirmed the message ("
                + cause.getMessage() + "); it may or may not have arrived", cause);
        synchronized (this) {
            for (Long key : pending.keySet().toArray(Long[]::new)) {
                CompletableFuture<Void> future = pending.remove(key);
                if (future != null) {
                    future.completeExceptionally(failure);
                }
            }
            synchronized (returned) {
                returned.clear();
            }
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        }
        catch (IOException | TimeoutException | RuntimeException ex) {
            // the connection closes anyway
        }
        shutdown(new ShutdownSignalException(false, true, null, this));
    }

    /** A mandatory message that RabbitMQ returned: no queue was bound for its routing key. */
    static final class Unroutable extends AmbException {

        private static final long serialVersionUID = 1L;

        Unroutable(String message) {
            super(message);
        }
    }
}
