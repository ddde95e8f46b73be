package dev.amb.kit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import dev.amb.Message;
import dev.amb.MessageHandler;

/**
 * Small helpers shared by the kit's tests.
 */
public final class KitSupport {

    private KitSupport() {
    }

    /** @return a random namespace segment so tests on a shared broker never see each other's messages */
    public static String namespace() {
        return "kit" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    /**
     * @param timeout the longest wait
     * @return an Awaitility condition factory polling every 10 ms
     */
    public static ConditionFactory waitAtMost(Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).pollDelay(Duration.ZERO);
    }

    /**
     * Records every message a handler receives.
     * @param <T> the payload type
     */
    public static final class Recorder<T> implements MessageHandler<T> {

        private final List<Message<T>> messages = new CopyOnWriteArrayList<>();

        private final Map<String, AtomicInteger> countsById = new ConcurrentHashMap<>();

        @Override
        public void handle(Message<T> message) {
            messages.add(message);
            countsById.computeIfAbsent(message.id(), id -> new AtomicInteger()).incrementAndGet();
        }

        /** @return every message received, in arrival order */
        public List<Message<T>> messages() {
            return messages;
        }

        /** @return the payloads received, in arrival order */
        public List<T> payloads() {
            return messages.stream().map(Message::data).toList();
        }

        /** @return the number of messages received */
        public int count() {
            return messages.size();
        }

        /** @return the number of distinct message ids received */
        public int distinct() {
            return countsById.size();
        }

        /** @return {@code true} when some message id arrived more than once */
        public boolean hasDuplicates() {
            return countsById.values().stream().anyMatch(c -> c.get() > 1);
        }

        /** @return the topics received, in arrival order */
        public List<String> topics() {
            return messages.stream().map(Message::topic).toList();
        }
    }
}
