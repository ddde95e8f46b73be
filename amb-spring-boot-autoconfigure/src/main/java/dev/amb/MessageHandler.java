package dev.amb;

/**
 * Receives the messages of a subscription.
 *
 * <p><b>Threading:</b> the handler runs on a thread owned by the broker adapter of the
 * subscription, never on the publisher's thread. With a concurrency of 1 (the default) calls are
 * sequential and in the order the broker delivered the messages; with a concurrency of {@code n},
 * up to {@code n} calls run at once. A handler may block; that only delays its own subscription.
 *
 * <p>An exception thrown by the handler is handled by the bus (retry, then dead letter) and never
 * ends the subscription.
 *
 * @param <T> the type the payload is decoded into
 * @since 0.1.0
 */
@FunctionalInterface
public interface MessageHandler<T> {

    /**
     * Handles one message.
     * @param message the message; its {@link Message#data() data} is decoded into {@code T}
     * @throws Exception any failure; the message is then retried or dead-lettered
     */
    void handle(Message<T> message) throws Exception;
}
