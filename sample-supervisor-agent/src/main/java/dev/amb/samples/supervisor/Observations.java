package dev.amb.samples.supervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The most recent things the supervisor saw of one kind (dead letters, breaker changes...), and
 * ways to wait for them. Keeps at most {@value #CAPACITY}, dropping the oldest. Thread safe:
 * listeners add on delivery threads, the round waits on its own.
 *
 * @param <T> what is observed
 */
final class Observations<T> {

    static final int CAPACITY = 1_000;

    private final Deque<T> items = new ArrayDeque<>();

    private long added;

    synchronized void add(T item) {
        if (items.size() == CAPACITY) {
            items.removeFirst();
        }
        items.addLast(item);
        added++;
        notifyAll();
    }

    /** @return the kept observations, oldest first */
    synchronized List<T> snapshot() {
        return List.copyOf(items);
    }

    /** @return a mark to pass to {@link #since(long)}: how many observations were made so far */
    synchronized long mark() {
        return added;
    }

    /** @return the kept observations made after the mark, oldest first */
    synchronized List<T> since(long mark) {
        List<T> all = List.copyOf(items);
        int newer = (int) Math.min(all.size(), Math.max(0, added - mark));
        return all.subList(all.size() - newer, all.size());
    }

    /**
     * Waits until an observation matches.
     * @return the first matching observation, or empty when none came within the timeout
     */
    Optional<T> await(Predicate<? super T> matcher, Duration timeout) throws InterruptedException {
        awaitCondition(0, observed -> observed.stream().anyMatch(matcher), timeout);
        return snapshot().stream().filter(matcher).findFirst();
    }

    /**
     * Waits until the observations made after the mark satisfy a condition.
     * @return whether they did within the timeout
     */
    synchronized boolean awaitCondition(long mark, Predicate<List<T>> condition, Duration timeout)
            throws InterruptedException {
        return MonitorWait.until(this, () -> condition.test(since(mark)), timeout);
    }
}
