package dev.amb;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Thrown by a {@link BatchMessageHandler} to fail only some messages of its batch. The messages
 * not named here are acknowledged (they count as handled); the named ones go on alone: they are
 * retried under the subscription's retry policy (as a smaller batch) and, when the attempts are
 * used up, dead-lettered one by one with the {@linkplain #getCause() cause} as the reason. Any
 * other exception fails the whole batch.
 *
 * <pre>{@code
 * bus.subscribeBatch(options, Order.class, batch -> {
 *     List<Integer> failed = new ArrayList<>();
 *     for (int i = 0; i < batch.size(); i++) {
 *         if (!store(batch.get(i).data())) {
 *             failed.add(i);
 *         }
 *     }
 *     if (!failed.isEmpty()) {
 *         throw new BatchFailure(failed, new IllegalStateException("store refused"));
 *     }
 * });
 * }</pre>
 *
 * <p>Indexes refer to the list the handler received in that call (on a retry, the smaller list of
 * the messages that failed before). An index outside that list fails the whole batch.
 *
 * @since 0.1.0
 */
public class BatchFailure extends AmbException {

    private static final long serialVersionUID = 1L;

    private final int[] failedIndexes;

    /**
     * Creates a failure of the given messages.
     * @param failedIndexes the positions in the batch of the messages that failed (at least one;
     *        duplicates are ignored)
     * @param cause why they failed; its type is what the retry policy classifies
     */
    public BatchFailure(Collection<Integer> failedIndexes, Throwable cause) {
        super(describe(failedIndexes), cause);
        this.failedIndexes = failedIndexes.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        if (this.failedIndexes.length > 0 && this.failedIndexes[0] < 0) {
            throw new IllegalArgumentException("failed indexes must not be negative, were " + failedIndexes);
        }
    }

    /**
     * Creates a failure of the given messages.
     * @param cause why they failed
     * @param failedIndexes the positions in the batch of the messages that failed (at least one)
     */
    public BatchFailure(Throwable cause, int... failedIndexes) {
        this(Arrays.stream(Objects.requireNonNull(failedIndexes, "failedIndexes")).boxed().toList(), cause);
    }

    private static String describe(Collection<Integer> failedIndexes) {
        Objects.requireNonNull(failedIndexes, "failedIndexes must not be null");
        if (failedIndexes.isEmpty()) {
            throw new IllegalArgumentException("A BatchFailure names at least one failed message; return normally "
                    + "when every message succeeded");
        }
        return "Batch messages " + failedIndexes + " failed";
    }

    /** @return the positions of the failed messages, ascending and without duplicates */
    public List<Integer> failedIndexes() {
        return Arrays.stream(failedIndexes).boxed().toList();
    }
}
