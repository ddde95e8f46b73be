package dev.amb.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * Request/reply on the in-memory broker, end to end through two buses (requester and responder)
 * with JSON payloads: round-trip latency percentiles over sequential requests, and throughput with
 * a fixed number of requests in flight.
 *
 * <pre>
 * java -cp benchmarks/target/amb-benchmarks.jar dev.amb.benchmarks.RequestReplyLoadRun [sequential] [inFlight] [pipelined]
 * </pre>
 *
 * Defaults: 100,000 sequential requests (after 20,000 warm-up), 64 in flight for 200,000 requests.
 */
public final class RequestReplyLoadRun {

    private RequestReplyLoadRun() {
    }

    record Query(String agent, int n) {
    }

    record Answer(int n, String by) {
    }

    public static void main(String[] args) throws Exception {
        int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int pipelined = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        MemoryBroker broker = new MemoryBroker();
        JsonMessageSerializer json = new JsonMessageSerializer();
        DefaultMessageBus responder = DefaultMessageBus.builder(broker).agentId("responder").serializer(json).build();
        DefaultMessageBus requester = DefaultMessageBus.builder(broker).agentId("requester").serializer(json).build();
        responder.respond(SubscriptionOptions.pattern("bench.query").concurrency(4), Query.class,
                request -> new Answer(((Query) request.data()).n(), "responder"));
        Duration timeout = Duration.ofSeconds(30);
        try {
            runSequential(requester, 20_000, timeout);
            long[] latencies = runSequential(requester, sequential, timeout);
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "sequential requests: %,d%n", sequential);
            System.out.printf(Locale.ROOT, "  p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    micros(latencies, 0.50), micros(latencies, 0.90), micros(latencies, 0.99), micros(latencies, 0.999),
                    latencies[latencies.length - 1] / 1000.0);
            runPipelined(requester, inFlight, pipelined / 10, timeout);
            long started = System.nanoTime();
            runPipelined(requester, inFlight, pipelined, timeout);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%d in flight: %,d requests in %.2f s = %,.0f requests/s%n", inFlight,
                    pipelined, seconds, pipelined / seconds);
            System.out.printf(Locale.ROOT, "unmatched replies: %d, pending after run: %d%n",
                    requester.counters().unmatchedReplies(), requester.pendingRequests());
        }
        finally {
            requester.close();
            responder.close();
            broker.close();
        }
    }

    private static long[] runSequential(DefaultMessageBus bus, int count, Duration timeout) {
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Answer answer = bus.request("bench.query", new Query("requester", i), Answer.class, timeout).join().data();
            latencies[i] = System.nanoTime() - start;
            if (answer.n() != i) {
                throw new IllegalStateException("reply " + answer.n() + " for request " + i);
            }
        }
        return latencies;
    }

    private static void runPipelined(DefaultMessageBus bus, int inFlight, int count, Duration timeout)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong wrong = new AtomicLong();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            permits.acquire();
            int n = i;
            all[i] = bus.request("bench.query", new Query("requester", n), Answer.class, timeout).whenComplete((reply, ex) -> {
                permits.release();
                if (ex != null || reply.data().n() != n) {
                    wrong.incrementAndGet();
                }
            });
        }
        CompletableFuture.allOf(all).join();
        if (wrong.get() > 0) {
            throw new IllegalStateException(wrong.get() + " requests failed or got the wrong reply");
        }
    }

    private static double micros(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
