package dev.amb.benchmarks.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.amb.broker.nats.NatsContentMode;

/**
 * The load tool: AMB against the raw client and the Spring-native peer of one broker, in the same
 * process and against the same server, every case alternating the contenders round by round after
 * a warm-up round of each, medians and every round printed as a markdown table (the format of
 * {@code docs/performance.md}).
 *
 * <p>Cases: throughput with 100-byte and 10 KB payloads, one and four publisher threads;
 * request/reply p50/p99/p99.9 sequential and with 64 in flight; scatter to 5 responders (where
 * the contender has scatter/gather).
 *
 * <pre>
 * java -cp benchmarks/target/amb-benchmarks.jar dev.amb.benchmarks.load.LoadTool &lt;broker&gt; [options]
 *   broker: memory | nats | jetstream | redis-pubsub | redis-streams | kafka | rabbit | sqs
 *   --rounds N       measured rounds per case (default 3)
 *   --messages N     messages per throughput round (default: per broker)
 *   --requests N     requests per request/reply round (default: per broker)
 *   --cases LIST     throughput,rr,scatter (default all)
 *   --sizes LIST     throughput payload sizes in bytes (default 100,10240)
 *   --publishers LIST  throughput publisher threads (default 1,4)
 *   --sides LIST     which contenders run: raw,peer,amb (default all; AMB ratios need raw or peer)
 *   --content-mode M binary (default) or structured: how AMB writes on nats and jetstream
 *   --url URL        the server (default: none for memory, nats://127.0.0.1:4222 for nats and jetstream,
 *                    redis://127.0.0.1:6379, an embedded KRaft broker for kafka (else bootstrap servers),
 *                    amqp://127.0.0.1:5672, ElasticMQ in this JVM for sqs)
 * </pre>
 */
public final class LoadTool {

    private static final String BROKERS = "memory|nats|jetstream|redis-pubsub|redis-streams|kafka|rabbit|sqs";

    private static int[] sizes;

    private static int[] publisherCounts;

    private static String sides;

    private LoadTool() {
    }

    private static int[] ints(String list) {
        return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * @param args the broker, then options
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LoadTool " + BROKERS + " [--rounds N] [--messages N] [--requests N]"
                    + " [--cases throughput,rr,scatter] [--url URL]");
            System.exit(2);
        }
        String broker = args[0];
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        String cases = options.getOrDefault("cases", "throughput,rr,scatter");
        String url = options.get("url");
        sizes = ints(options.getOrDefault("sizes", "100,10240"));
        publisherCounts = ints(options.getOrDefault("publishers", "1,4"));
        sides = options.getOrDefault("sides", "raw,peer,amb");
        NatsContentMode contentMode = NatsContentMode.valueOf(
                options.getOrDefault("content-mode", "binary").toUpperCase(java.util.Locale.ROOT));
        String modeNote = contentMode == NatsContentMode.BINARY ? "" : ", AMB in structured content mode";
        switch (broker) {
            case "sqs" -> {
                try (SqsLoad sqs = new SqsLoad(url)) {
                    run("SQS (ElasticMQ " + (url == null ? "in the JVM" : url) + ")", sqs.contenders(), rounds,
                            cases, Integer.parseInt(options.getOrDefault("messages", "10000")),
                            Integer.parseInt(options.getOrDefault("requests", "1000")));
                }
            }
            case "jetstream" -> {
                try (JetStreamLoad jetStream = new JetStreamLoad(url == null ? "nats://127.0.0.1:4222" : url,
                        contentMode)) {
                    run("NATS JetStream" + modeNote, jetStream.contenders(), rounds, cases,
                            Integer.parseInt(options.getOrDefault("messages", "50000")),
                            Integer.parseInt(options.getOrDefault("requests", "2000")));
                }
            }
            case "kafka" -> {
                try (KafkaLoad kafka = new KafkaLoad(url)) {
                    run("Kafka (" + (url == null ? "embedded KRaft broker in the JVM" : url) + ")", kafka.contenders(),
                            rounds, cases, Integer.parseInt(options.getOrDefault("messages", "50000")),
                            Integer.parseInt(options.getOrDefault("requests", "2000")));
                }
            }
            case "rabbit" -> {
                try (RabbitLoad rabbit = new RabbitLoad(url)) {
                    run("RabbitMQ", rabbit.contenders(), rounds, cases,
                            Integer.parseInt(options.getOrDefault("messages", "50000")),
                            Integer.parseInt(options.getOrDefault("requests", "2000")));
                }
            }
            case "redis-pubsub", "redis-streams" -> {
                try (RedisLoad redis = new RedisLoad(url == null ? "redis://127.0.0.1:6379" : url,
                        broker.equals("redis-streams"))) {
                    run(redis.title(), redis.contenders(), rounds, cases,
                            Integer.parseInt(options.getOrDefault("messages", "50000")),
                            Integer.parseInt(options.getOrDefault("requests", "2000")));
                }
            }
            case "nats" -> run("NATS core" + modeNote,
                    new NatsCoreLoad(url == null ? "nats://127.0.0.1:4222" : url, contentMode).contenders(),
                    rounds, cases, Integer.parseInt(options.getOrDefault("messages", "200000")),
                    Integer.parseInt(options.getOrDefault("requests", "5000")));
            case "memory" -> run("in-process (memory)", new MemoryLoad().contenders(), rounds, cases,
                    Integer.parseInt(options.getOrDefault("messages", "500000")),
                    Integer.parseInt(options.getOrDefault("requests", "20000")));
            default -> throw new IllegalArgumentException("unknown broker '" + broker + "': " + BROKERS);
        }
    }

    private static void run(String title, List<Contender> contenders, int rounds, String cases, int messages,
            int requests) {
        List<Contender> chosen = new ArrayList<>();
        String[] roles = { "raw", "peer", "amb" };
        for (int i = 0; i < contenders.size(); i++) {
            if (sides.contains(roles[i])) {
                chosen.add(contenders.get(i));
            }
        }
        Comparison comparison = new Comparison(title, chosen, rounds);
        System.out.println("# " + title + ", " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + rounds + " rounds after a warm-up round");
        if (cases.contains("throughput")) {
            for (int payload : sizes) {
                for (int publishers : publisherCounts) {
                    Load.Throughput load = new Load.Throughput(payload, publishers, messages);
                    comparison.run(List.of("throughput " + (payload < 1024 || payload % 1024 != 0 ? payload + " B" : payload / 1024 + " KB")
                            + ", " + publishers + " publisher" + (publishers > 1 ? "s" : "") + " (msg/s)"),
                            contender -> new double[] { contender.throughput(load) });
                }
            }
        }
        if (cases.contains("rr")) {
            for (int inFlight : new int[] { 1, 64 }) {
                String mode = inFlight == 1 ? "sequential" : inFlight + " in flight";
                comparison.run(metrics("request/reply " + mode),
                        contender -> Load.percentiles(contender.requestReply(requests, inFlight)));
            }
        }
        if (cases.contains("scatter")) {
            comparison.run(metrics("scatter to 5"),
                    contender -> Load.percentiles(contender.scatter(Math.max(10, requests / 5), 5)));
        }
        System.out.println();
        System.out.println(comparison.table());
    }

    private static List<String> metrics(String name) {
        List<String> metrics = new ArrayList<>();
        for (String percentile : new String[] { "p50", "p99", "p99.9" }) {
            metrics.add(name + " " + percentile + " (µs)");
        }
        return metrics;
    }
}
