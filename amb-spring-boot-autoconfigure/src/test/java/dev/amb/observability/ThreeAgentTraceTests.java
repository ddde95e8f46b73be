package dev.amb.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;

import dev.amb.Message;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.kit.KitSupport;
import dev.amb.kit.TestTracing;
import dev.amb.serialization.JsonMessageSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace the README's "Tracing" section shows, from a real run: three agents, each with its own
 * tracer as if each were its own process, on one in-memory broker. The supervisor asks a worker,
 * the worker publishes a finding that an auditor receives and replies; the spans of all three
 * tracers form one tree, connected only by the trace context the messages carried. The test prints
 * the tree and asserts it.
 */
class ThreeAgentTraceTests {

    private final MemoryBroker broker = new MemoryBroker();

    private final List<DefaultMessageBus> buses = new CopyOnWriteArrayList<>();

    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void close() {
        buses.forEach(DefaultMessageBus::close);
        broker.close();
    }

    @Test
    void aRequestTheWorkersFindingAndTheAuditorAreOneTraceAcrossThreeAgents() throws Exception {
        Agent supervisor = agent("supervisor");
        Agent worker = agent("worker");
        Agent auditor = agent("auditor");
        auditor.bus.subscribe("demo.finding.*", String.class, finding -> {
        });
        worker.bus.respond("demo.task.analyse", "workers", String.class, task -> {
            worker.bus.publish("demo.finding.words", "3 words in: " + task.data()).get(10, TimeUnit.SECONDS);
            return "analysed: " + task.data();
        });

        Message<String> reply = supervisor.bus.request("demo.task.analyse", "to be or not", String.class,
                Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(reply.data()).isEqualTo("analysed: to be or not");
        KitSupport.waitAtMost(Duration.ofSeconds(10)).until(() -> spans().size() == 6);
        String tree = tree();
        System.out.println(tree);
        assertThat(tree).isEqualTo("""
                request demo.task.analyse           supervisor  amb.request
                └─ publish demo.task.analyse        supervisor  amb.publish
                   └─ process demo.task.analyse     worker      amb.process
                      ├─ publish demo.finding.words worker      amb.publish
                      │  └─ process demo.finding.*  auditor     amb.process
                      └─ reply amb.inbox            worker      amb.publish
                """);
        assertThat(spans()).extracting(span -> span.span.getTraceId()).containsOnly(
                spans().get(0).span.getTraceId());
    }

    private Agent agent(String id) {
        TestTracing tracing = new TestTracing();
        Map<String, String> observationNames = new ConcurrentHashMap<>();
        tracing.registry().observationConfig().observationHandler(new ObservationNames(observationNames));
        DefaultMessageBus bus = DefaultMessageBus.builder(broker)
            .agentId(id)
            .serializer(new JsonMessageSerializer())
            .observer(tracing.observer())
            .build();
        buses.add(bus);
        Agent agent = new Agent(id, tracing, observationNames, bus);
        agents.add(agent);
        return agent;
    }

    private List<AgentSpan> spans() {
        List<AgentSpan> spans = new ArrayList<>();
        agents.forEach(agent -> agent.tracing.finishedSpans().forEach(span -> spans.add(new AgentSpan(agent, span))));
        return spans;
    }

    /** The spans of every agent as one tree, children in name order, as the README shows it. */
    private String tree() {
        List<AgentSpan> spans = spans();
        List<String> lines = new ArrayList<>();
        spans.stream()
            .filter(span -> spans.stream().noneMatch(parent -> parent.span.getSpanId().equals(span.span.getParentId())))
            .sorted(Comparator.comparing(span -> span.span.getName()))
            .forEach(root -> render(root, "", "", spans, lines));
        int width = lines.stream().mapToInt(line -> line.indexOf('\t')).max().orElse(0);
        StringBuilder tree = new StringBuilder();
        for (String line : lines) {
            String[] columns = line.split("\t");
            tree.append(String.format("%-" + width + "s %-11s %s%n", columns[0], columns[1], columns[2]));
        }
        return tree.toString().replaceAll(" +\n", "\n");
    }

    private static void render(AgentSpan span, String prefix, String childPrefix, List<AgentSpan> spans,
            List<String> lines) {
        lines.add(prefix + span.span.getName() + "\t" + span.agent.id + "\t"
                + span.agent.observationNames.get(span.span.getName()));
        List<AgentSpan> children = spans.stream()
            .filter(child -> span.span.getSpanId().equals(child.span.getParentId()))
            .sorted(Comparator.comparing(child -> child.span.getName()))
            .toList();
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            render(children.get(i), childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "), spans,
                    lines);
        }
    }

    private record Agent(String id, TestTracing tracing, Map<String, String> observationNames, DefaultMessageBus bus) {
    }

    private record AgentSpan(Agent agent, SimpleSpan span) {
    }

    /** Remembers each observation's name by its contextual name, which is the span's name. */
    private record ObservationNames(Map<String, String> names) implements ObservationHandler<Observation.Context> {

        @Override
        public void onStart(Observation.Context context) {
            if (context.getContextualName() != null) {
                names.put(context.getContextualName(), context.getName());
            }
        }

        @Override
        public void onStop(Observation.Context context) {
            names.put(context.getContextualName() != null ? context.getContextualName() : context.getName(),
                    context.getName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
