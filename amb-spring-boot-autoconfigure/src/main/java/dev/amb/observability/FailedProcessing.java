package dev.amb.observability;

import io.micrometer.observation.Observation;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;

/**
 * Remembers, per thread, the processing observation of the last handler invocation that failed,
 * so that the dead letter the bus may send right after it (on the same thread, once the retries
 * are used up) becomes its child: the trace then shows why the message ended in the dead-letter
 * topic. The dead letter is matched by the original message id it carries
 * ({@link AmbHeaders#DEAD_LETTER_ORIGINAL_ID}), so a dead letter of another message (one that could
 * not be decoded, say) never takes a wrong parent.
 *
 * <p><b>Threading:</b> a thread-local slot, cleared when the thread starts the next invocation
 * and when a dead letter takes it; it holds at most one observation per thread.
 */
final class FailedProcessing {

    private static final ThreadLocal<Failed> LAST = new ThreadLocal<>();

    private FailedProcessing() {
    }

    /** A handler invocation starts on this thread: forget the previous one's failure. */
    static void starting() {
        LAST.remove();
    }

    /**
     * The invocation of a message's handler failed on this thread.
     * @param messageId the message's id
     * @param observation its processing observation (already stopped)
     */
    static void failed(String messageId, Observation observation) {
        LAST.set(new Failed(messageId, observation));
    }

    /**
     * @param deadLetter an envelope about to be sent
     * @return the failed processing of the message this envelope dead-letters, taken from the slot,
     *     or {@code null} when the envelope is no dead letter of this thread's last failure
     */
    static Observation parentOf(Envelope deadLetter) {
        String original = deadLetter.headers().get(AmbHeaders.DEAD_LETTER_ORIGINAL_ID);
        Failed failed = LAST.get();
        if (original == null || failed == null || !original.equals(failed.messageId())) {
            return null;
        }
        LAST.remove();
        return failed.observation();
    }

    private record Failed(String messageId, Observation observation) {
    }
}
