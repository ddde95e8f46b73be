package dev.amb.benchmarks.redis;

/**
 * One side of a comparison in {@link RedisLoadRun}: set up once, run many times on the same
 * connections, closed at the end.
 */
interface Scenario extends AutoCloseable {

    /** The number of publishes that may be waiting for their delivery at once (closed-loop throughput). */
    int WINDOW = 1000;

    /** @return e.g. {@code raw Lettuce pub/sub} */
    String name();

    /**
     * Throughput: publishes {@code messages} messages of 100 bytes from one publisher to one
     * subscriber, never more than {@link #WINDOW} in flight, and waits for the last delivery.
     * @return delivered messages per second
     */
    default double throughput(int messages) throws Exception {
        throw new UnsupportedOperationException(name() + " measures no throughput");
    }

    /**
     * Latency: {@code requests} request/reply round trips, one after the other.
     * @return each round trip in nanoseconds
     */
    default long[] roundTrips(int requests) throws Exception {
        throw new UnsupportedOperationException(name() + " measures no latency");
    }

    @Override
    void close();
}
