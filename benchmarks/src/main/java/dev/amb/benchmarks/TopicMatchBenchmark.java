package dev.amb.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.amb.topic.TopicPattern;
import dev.amb.topic.TopicTrie;

/**
 * Routing one topic to its subscriptions: the trie against a linear scan over every pattern, with
 * 10, 1,000 and 100,000 subscriptions. The patterns look like an agent fleet's: per-agent status
 * topics, task queues with {@code *}, event streams with {@code #} at the end, middle and start.
 * Each operation routes one topic drawn from a fixed mix of hits and misses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicMatchBenchmark {

    @Param({ "10", "1000", "100000" })
    public int patterns;

    private TopicTrie<Integer> trie;

    private List<TopicPattern> all;

    private String[] topics;

    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        trie = new TopicTrie<>();
        all = new ArrayList<>(patterns);
        for (int i = 0; i < patterns; i++) {
            TopicPattern pattern = TopicPattern.of(pattern(i));
            trie.add(pattern, i);
            all.add(pattern);
        }
        topics = new String[1024];
        for (int i = 0; i < topics.length; i++) {
            int id = random.nextInt(Math.max(1, patterns));
            topics[i] = switch (random.nextInt(5)) {
                case 0 -> "agents.a" + id + ".status";
                case 1 -> "tasks.t" + id + ".high";
                case 2 -> "events.e" + id + ".created.v1";
                case 3 -> "logs.l" + id + ".db.error";
                default -> "unrelated.topic.n" + id;
            };
        }
    }

    private static String pattern(int i) {
        return switch (i % 5) {
            case 0 -> "agents.a" + i + ".status";
            case 1 -> "tasks.t" + i + ".*";
            case 2 -> "events.e" + i + ".#";
            case 3 -> "logs.l" + i + ".#.error";
            default -> "#.audit" + i;
        };
    }

    @Benchmark
    public void trie(Blackhole blackhole) {
        blackhole.consume(trie.match(nextTopic()));
    }

    @Benchmark
    public void linearScan(Blackhole blackhole) {
        String topic = nextTopic();
        int matches = 0;
        for (TopicPattern pattern : all) {
            if (pattern.matches(topic)) {
                matches++;
            }
        }
        blackhole.consume(matches);
    }

    private String nextTopic() {
        next = (next + 1) & (topics.length - 1);
        return topics[next];
    }
}
