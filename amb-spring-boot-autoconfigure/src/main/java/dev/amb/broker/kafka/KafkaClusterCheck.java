package dev.amb.broker.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The Kafka adapter's view of its connection, for health checks. Kafka's clients reconnect by
 * themselves and expose no connection state, so this asks the cluster to describe itself
 * (asynchronously, through the admin client) at most once per {@link #INTERVAL}, and reports the
 * answer of the last check that completed: {@code null} when the cluster answered with at least
 * one node, otherwise why not.
 *
 * <p><b>Threading:</b> thread safe and never blocking: {@link #problem()} starts a check when the
 * last one is older than the interval and none is running, and returns at once; the answer is
 * recorded on the admin client's thread.
 */
final class KafkaClusterCheck {

    /** How often a check may start; a health probe asking more often sees the last answer. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final Admin admin;

    private final String servers;

    private final int timeoutMillis;

    private final AtomicBoolean running = new AtomicBoolean();

    private volatile long lastStart = System.nanoTime() - INTERVAL.toNanos();

    private volatile String problem;

    /**
     * @param admin the broker's admin client
     * @param servers the bootstrap servers, for the message
     * @param timeout how long one check may wait for the cluster
     */
    KafkaClusterCheck(Admin admin, String servers, Duration timeout) {
        this.admin = admin;
        this.servers = servers;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    /**
     * @return why the cluster did not answer the last completed check, or {@code null} when it did
     *     (or no check has completed yet)
     */
    String problem() {
        long now = System.nanoTime();
        if (now - lastStart >= INTERVAL.toNanos() && running.compareAndSet(false, true)) {
            lastStart = now;
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
                    .nodes()
                    .whenComplete((nodes, ex) -> {
                        problem = ex != null ? describe(ex)
                                : nodes.isEmpty() ? "Kafka at " + servers + " described a cluster without nodes" : null;
                        running.set(false);
                    });
            }
            catch (RuntimeException ex) {
                problem = describe(ex); // the admin client is closed
                running.set(false);
            }
        }
        return problem;
    }

    private String describe(Throwable ex) {
        Throwable cause = ex.getCause() != null && ex instanceof CompletionException
                ? ex.getCause() : ex;
        return "Kafka at " + servers + " did not describe its cluster within " + timeoutMillis + " ms: "
                + cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }
}
