package dev.amb.benchmarks.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * AMB's Redis broker against the raw Lettuce client, in one run on one Redis server:
 * <ul>
 * <li>pub/sub and Streams throughput, 100-byte payloads, one publisher, one subscriber, at most
 * {@value Scenario#WINDOW} messages in flight;</li>
 * <li>request/reply round trips one after another, p50 and p99 (AMB {@code request()} against a
 * hand-written PUBLISH + SUBSCRIBE echo).</li>
 * </ul>
 * Each comparison warms both sides up, then alternates them round by round so that drift on the
 * machine hits both alike; throughput is the median of the rounds, latency percentiles are over
 * every measured round trip.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/amb-benchmarks.jar dev.amb.benchmarks.redis.RedisLoadRun [redis-uri] [rounds]
 * </pre>
 */
public final class RedisLoadRun {

    private static final int PUB_SUB_MESSAGES = 200_000;

    private static final int STREAM_MESSAGES = 100_000;

    private static final int REQUESTS = 10_000;

    private RedisLoadRun() {
    }

    /**
     * Runs every comparison and prints the results as Markdown tables.
     * @param args optional Redis URI (default {@code redis://127.0.0.1:6379}) and number of rounds (default 5)
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        RedisURI uri = RedisURI.create(args.length > 0 ? args[0] : "redis://127.0.0.1:6379");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        printMachine(uri);
        try (Scenario raw = new RawLettuce.PubSub(uri); Scenario amb = new Amb.Throughput(uri, false)) {
            throughput(raw, amb, PUB_SUB_MESSAGES, rounds);
        }
        try (Scenario raw = new RawLettuce.Streams(uri); Scenario amb = new Amb.Throughput(uri, true)) {
            throughput(raw, amb, STREAM_MESSAGES, rounds);
        }
        try (Scenario raw = new RawLettuce.RequestReply(uri); Scenario pubSub = new Amb.RequestReply(uri, false);
                Scenario streams = new Amb.RequestReply(uri, true)) {
            latency(raw, List.of(pubSub, streams), REQUESTS, rounds);
        }
    }

    private static void throughput(Scenario raw, Scenario amb, int messages, int rounds) throws Exception {
        for (int i = 0; i < 2; i++) {
            raw.throughput(messages / 4);
            amb.throughput(messages / 4);
        }
        double[] rawRates = new double[rounds];
        double[] ambRates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            rawRates[round] = raw.throughput(messages);
            ambRates[round] = amb.throughput(messages);
        }
        double rawMedian = median(rawRates);
        double ambMedian = median(ambRates);
        System.out.printf(Locale.ROOT, "%n### Throughput: %s vs %s (%,d messages per round, %d rounds)%n%n", amb.name(),
                raw.name(), messages, rounds);
        System.out.println("| client | median msg/s | rounds (msg/s) |");
        System.out.println("|---|---:|---|");
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %s |%n", raw.name(), rawMedian, rates(rawRates));
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %s |%n", amb.name(), ambMedian, rates(ambRates));
        System.out.printf(Locale.ROOT, "%nAMB / raw: %.2fx%n", ambMedian / rawMedian);
    }

    private static void latency(Scenario raw, List<Scenario> ambs, int requests, int rounds) throws Exception {
        List<Scenario> all = new ArrayList<>();
        all.add(raw);
        all.addAll(ambs);
        for (Scenario scenario : all) {
            scenario.roundTrips(requests / 2);
        }
        List<List<long[]>> samples = new ArrayList<>();
        all.forEach(scenario -> samples.add(new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < all.size(); s++) {
                samples.get(s).add(all.get(s).roundTrips(requests));
            }
        }
        System.out.printf(Locale.ROOT, "%n### Request/reply round trip (%,d sequential requests per round, %d rounds)%n%n",
                requests, rounds);
        System.out.println("| client | p50 (µs) | p99 (µs) | p50 vs raw |");
        System.out.println("|---|---:|---:|---:|");
        double rawP50 = percentile(samples.get(0), 0.50);
        for (int s = 0; s < all.size(); s++) {
            double p50 = percentile(samples.get(s), 0.50);
            double p99 = percentile(samples.get(s), 0.99);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2fx |%n", all.get(s).name(), p50 / 1000, p99 / 1000,
                    p50 / rawP50);
        }
    }

    private static double percentile(List<long[]> rounds, double quantile) {
        long[] all = rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return all[(int) Math.min(all.length - 1, Math.round(quantile * (all.length - 1)))];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String rates(double[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%,.0f", v)).toList());
    }

    private static void printMachine(RedisURI uri) {
        String redisVersion;
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            redisVersion = connection.sync().info("server").lines().filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).trim()).findFirst().orElse("?");
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        System.out.printf(Locale.ROOT, "Machine: %d CPUs (%s), %s %s, Redis %s at %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), redisVersion, uri);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        }
        catch (IOException ex) {
            return "unknown CPU";
        }
    }
}
