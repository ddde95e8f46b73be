package dev.amb.samples.worker;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * How busy the worker is: the tasks running now and the tasks done. Thread safe: handlers run on
 * the bus's delivery threads, the heartbeat reads from its own.
 */
@Component
class WorkerLoad {

    private final AtomicInteger running = new AtomicInteger();

    private final AtomicLong done = new AtomicLong();

    private final int slots;

    WorkerLoad(WorkerProperties properties) {
        this.slots = Math.max(1, properties.getConcurrency());
    }

    /** Runs one task, counting it as running meanwhile and as done when it succeeded. */
    <T> T track(Callable<T> task) throws Exception {
        running.incrementAndGet();
        try {
            T result = task.call();
            done.incrementAndGet();
            return result;
        }
        finally {
            running.decrementAndGet();
        }
    }

    /** @return the busy share of the analysis slots, from 0.0 to 1.0 */
    double load() {
        return Math.min(1.0, (double) running.get() / slots);
    }

    boolean busy() {
        return running.get() > 0;
    }

    long tasksDone() {
        return done.get();
    }
}
