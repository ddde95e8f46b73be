package dev.amb.broker.memory;

/**
 * A target in the memory broker's routing trie: one broadcast subscription, or one consumer
 * group whose members share the messages.
 */
interface MemoryRoute {

    /**
     * Accepts a new message if there is room.
     * @return {@code true} when queued
     */
    boolean offer(Frame frame);

    /**
     * Queues a message again for redelivery, whatever the queue size.
     * @return {@code false} when nobody is left to take it
     */
    boolean redeliver(Frame frame);

    /** @return the name used in error messages */
    String name();
}
