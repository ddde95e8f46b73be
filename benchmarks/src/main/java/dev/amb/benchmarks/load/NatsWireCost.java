package dev.amb.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;

/**
 * What the wire format alone costs jnats, without AMB: core NATS throughput of raw jnats sending
 * the same 100-byte JSON payload four ways, the rounds alternating after a warm-up round of each,
 * the median printed as a markdown table:
 * <ul>
 * <li><b>bare payload</b>: no headers (what the raw client of the load tool sends);</li>
 * <li><b>binary content mode</b>: the six {@code ce-*} headers AMB writes by default;</li>
 * <li><b>structured content mode</b>: the event as one JSON document with the one header the
 * CloudEvents NATS binding asks for, {@code Content-Type: application/cloudevents+json};</li>
 * <li><b>structured, no header</b>: the same document without that header (not a valid binding:
 * receivers could not tell the mode; shown as the floor of any encoding).</li>
 * </ul>
 * The subscriber reads each message's headers and body, as a consumer must. The publisher flushes
 * after every 1,000 messages, as the load tool does.
 *
 * <pre>
 * java -cp benchmarks/target/amb-benchmarks.jar dev.amb.benchmarks.load.NatsWireCost [url] [rounds] [messages]
 * </pre>
 */
public final class NatsWireCost {

    private static final String DATA = "\"" + "x".repeat(98) + "\"";

    private static final byte[] STRUCTURED = ("{\"specversion\":\"1.0\",\"id\":\"a1b2c3d4e5f6a7b8-000000000001\","
            + "\"source\":\"amb-agent-1a2b3c4d\",\"type\":\"bench.wire.topic\",\"time\":\"2026-12-07T02:45:12.123456Z\","
            + "\"datacontenttype\":\"application/json\",\"data\":" + DATA + "}").getBytes(StandardCharsets.UTF_8);

    private static final byte[] BARE = DATA.getBytes(StandardCharsets.UTF_8);

    private NatsWireCost() {
    }

    /**
     * @param args the server URL, the rounds, the messages per round (defaults: the local server, 5, 200,000)
     * @throws Exception when a round fails
     */
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "nats://127.0.0.1:4222";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Options options = Options.builder().server(url).build();
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String variant : List.of("bare payload", "binary content mode (6 ce- headers)",
                "structured content mode (1 header)", "structured, no header")) {
            results.put(variant, new ArrayList<>());
        }
        for (int round = 0; round <= rounds; round++) {
            for (Map.Entry<String, List<Double>> variant : results.entrySet()) {
                double rate = run(options, variant.getKey(), messages);
                if (round > 0) {
                    variant.getValue().add(rate);
                }
            }
        }
        System.out.println("| wire format (100 B JSON payload) | msg/s (median) | vs bare payload | every round |");
        System.out.println("|---|---:|---:|---|");
        double bare = median(results.get("bare payload"));
        for (Map.Entry<String, List<Double>> variant : results.entrySet()) {
            double median = median(variant.getValue());
            StringBuilder all = new StringBuilder();
            variant.getValue().forEach(rate -> all.append(all.length() > 0 ? " " : "").append(Math.round(rate)));
            System.out.printf("| %s | %,d | %.2f | %s |%n", variant.getKey(), Math.round(median), median / bare, all);
        }
    }

    /** The six headers of binary mode, values as long as AMB's; the id from a counter, as AMB's ids are. */
    private static Headers binaryHeaders(String subject, int i) {
        return new Headers().put("ce-specversion", "1.0")
            .put("ce-id", "a1b2c3d4e5f6a7b8-" + (100_000_000_000L + i))
            .put("ce-source", "amb-agent-1a2b3c4d")
            .put("ce-type", subject)
            .put("ce-time", "2026-12-07T02:45:12.123456Z")
            .put("ce-datacontenttype", "application/json");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double run(Options options, String variant, int messages) throws Exception {
        Connection publisher = Nats.connect(options);
        Connection subscriber = Nats.connect(options);
        try {
            String subject = "bench.wire." + Load.unique();
            CountDownLatch done = new CountDownLatch(messages);
            Dispatcher dispatcher = subscriber.createDispatcher(message -> {
                if (message.getData().length == 0 || (message.hasHeaders() && message.getHeaders().isEmpty())) {
                    throw new IllegalStateException("empty message");
                }
                done.countDown();
            });
            dispatcher.subscribe(subject);
            subscriber.flush(Duration.ofSeconds(10));
            long start = System.nanoTime();
            for (int i = 1; i <= messages; i++) {
                switch (variant) {
                    case "bare payload" -> publisher.publish(subject, BARE);
                    case "binary content mode (6 ce- headers)" -> publisher.publish(subject, binaryHeaders(subject, i), BARE);
                    case "structured content mode (1 header)" -> publisher.publish(subject,
                            new Headers().put("Content-Type", "application/cloudevents+json"), STRUCTURED);
                    default -> publisher.publish(subject, STRUCTURED);
                }
                if (i % Load.WINDOW == 0) {
                    publisher.flush(Duration.ofSeconds(10));
                }
            }
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(variant + ": " + done.getCount() + " of " + messages + " messages lost");
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        }
        finally {
            publisher.close();
            subscriber.close();
        }
    }
}
