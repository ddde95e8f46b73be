package dev.amb.benchmarks.load;

/**
 * One side of a load run on one broker: AMB, the raw client or the Spring-native peer. Every
 * measurement opens what it needs (connections, queues, containers) and closes it before it
 * returns, so that rounds do not share state.
 *
 * <p>Measurements run on the load tool's main thread; the contender starts and stops any threads
 * it needs (publisher threads through {@link Load#publish}).
 */
public interface Contender {

    /** @return the column name in the table, e.g. {@code raw jnats} */
    String name();

    /**
     * End-to-end throughput: from the first publish until the one subscriber handled the last
     * message.
     * @param load the payload size, publisher threads and message count
     * @return messages per second
     * @throws Exception when the run fails
     */
    double throughput(Load.Throughput load) throws Exception;

    /**
     * Request/reply round trips to one responder.
     * @param requests how many requests
     * @param inFlight how many are outstanding at once (1: sequential)
     * @return the round trip of every request, nanoseconds
     * @throws Exception when the run fails
     */
    long[] requestReply(int requests, int inFlight) throws Exception;

    /**
     * Scatter/gather: each request goes to {@code responders} responders and completes with all
     * their replies. Not every contender offers it; those throw {@link UnsupportedOperationException}.
     * @param requests how many requests, sequential
     * @param responders how many responders reply to each
     * @return the time until all replies of every request arrived, nanoseconds
     * @throws Exception when the run fails
     */
    default long[] scatter(int requests, int responders) throws Exception {
        throw new UnsupportedOperationException(name() + " has no scatter/gather");
    }
}
