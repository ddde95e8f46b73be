package dev.amb.broker.memory;

/**
 * A target in the memory broker's routing trie: one broadcast subscription, or one consumer
 * group whose members share the messages.
 */
interface MemoryRoute {

    /** What happened to an offered message. */
    enum Offer {
        /** Queued for delivery. */
        ACCEPTED,
        /** Refused: the queue is full. */
        FULL,
        /** The subscription closed while the message was being routed; it no longer wants it. */
        GONE
    }

    /** Offers a new message, accepted if there is room. */
    Offer offer(Frame frame);

    /**
     * Queues a message again for redelivery, whatever the queue size.
     * @return {@code false} when nobody is left to take it
     */
    boolean redeliver(Frame frame);

    /** @return the name used in error messages */
    String name();
}
