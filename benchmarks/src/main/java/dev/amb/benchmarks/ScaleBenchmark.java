package dev.amb.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.nats.client.Options;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.amb.SubscriptionOptions;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.broker.nats.NatsBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;

/**
 * Does the cost per message stay flat as a system grows (issue 18 item 4)? One publisher sends
 * 100 B JSON messages to one topic that one subscription handles, while {@link #subscriptions}
 * other subscriptions (on topics of their own, every tenth a {@code *} wildcard that does not match)
 * are spread over {@link #agents} agents: separate buses, each on a broker instance of its own (its
 * own NATS connection), as agents in separate processes have. The publisher is the first agent,
 * the handler is on the last. A flat score across the parameters means routing does not scan the
 * subscriptions and idle subscriptions cost nothing per message.
 *
 * <pre>
 * java -jar benchmarks/target/amb-benchmarks.jar ScaleBenchmark -prof gc
 * java -jar benchmarks/target/amb-benchmarks.jar ScaleBenchmark -p broker=memory
 * </pre>
 *
 * <p>{@code broker=nats} needs a NATS server on {@code nats://127.0.0.1:4222} (or the system
 * property {@code amb.bench.nats}). The memory broker cannot be shared by separate processes, so
 * its agents share one broker instance.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScaleBenchmark {

    /** Messages per invocation. */
    static final int BATCH = 1_000;

    private static final String PAYLOAD = "x".repeat(98);

    /** The broker: {@code memory} or {@code nats} (core). */
    @Param({ "memory", "nats" })
    public String broker;

    /** Subscriptions that do not match the published topic. */
    @Param({ "10", "1000", "10000" })
    public int subscriptions;

    /** Agents (buses) the subscriptions are spread over. */
    @Param({ "1", "10", "100" })
    public int agents;

    private final AtomicLong handled = new AtomicLong();

    private final List<Broker> brokers = new ArrayList<>();

    private final List<DefaultMessageBus> buses = new ArrayList<>();

    private DefaultMessageBus publisher;

    private long published;

    /**
     * Starts the agents and their subscriptions.
     * @throws Exception when the NATS server cannot be reached
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        MemoryBroker shared = "memory".equals(broker) ? new MemoryBroker() : null;
        if (shared != null) {
            brokers.add(shared);
        }
        for (int i = 0; i < agents; i++) {
            Broker on = shared != null ? shared : newNatsBroker();
            buses.add(DefaultMessageBus.builder(on).agentId("agent-" + i).serializer(new JsonMessageSerializer()).build());
        }
        for (int i = 0; i < subscriptions; i++) {
            String topic = i % 10 == 9 ? "bench.scale.idle" + i + ".*" : "bench.scale.idle" + i;
            buses.get(i % agents).subscribe(SubscriptionOptions.pattern(topic), String.class, message -> {
                throw new IllegalStateException("an idle subscription received " + message.topic());
            });
        }
        buses.get(agents - 1).subscribe(SubscriptionOptions.pattern("bench.scale.hot"), String.class,
                message -> handled.incrementAndGet());
        publisher = buses.get(0);
    }

    private Broker newNatsBroker() throws Exception {
        String url = System.getProperty("amb.bench.nats", "nats://127.0.0.1:4222");
        Broker created = NatsBroker.connect(new Options.Builder().server(url).maxReconnects(0).build(),
                NatsBroker.Settings.defaults());
        brokers.add(created);
        return created;
    }

    /** Closes every agent and broker. */
    @TearDown(Level.Trial)
    public void stop() {
        buses.forEach(DefaultMessageBus::close);
        brokers.forEach(Broker::close);
    }

    /** Publishes {@value #BATCH} messages and waits until they were all handled. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishToOneOfManySubscriptions() {
        for (int i = 0; i < BATCH; i++) {
            publisher.publish("bench.scale.hot", PAYLOAD);
        }
        published += BATCH;
        while (handled.get() < published) {
            LockSupport.parkNanos(1_000);
        }
    }
}
