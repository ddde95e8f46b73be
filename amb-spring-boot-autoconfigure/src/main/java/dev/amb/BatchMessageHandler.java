package dev.amb;

import java.util.List;

/**
 * Receives the messages of an {@link AckMode#BATCH} subscription a batch at a time.
 *
 * <p><b>Threading:</b> a batch is handed over on the thread whose delivery filled it, or, when the
 * batch timeout elapses first, on a bus thread; batches of one subscription never overlap. The
 * whole batch is acknowledged when the handler returns; when it throws, the batch is retried and
 * then its messages are dead-lettered one by one.
 *
 * @param <T> the payload type
 * @since 0.1.0
 */
@FunctionalInterface
public interface BatchMessageHandler<T> {

    /**
     * Handles one batch.
     * @param batch between 1 and the subscription's batch size messages, in delivery order
     * @throws Exception any failure; the batch is then retried or dead-lettered
     */
    void handle(List<Message<T>> batch) throws Exception;
}
