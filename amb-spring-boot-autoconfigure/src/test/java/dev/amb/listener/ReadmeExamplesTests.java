package dev.amb.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

import dev.amb.AckMode;
import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.MessageFilter;
import dev.amb.annotation.AgentListener;
import dev.amb.annotation.AgentResponder;
import dev.amb.annotation.Header;
import dev.amb.autoconfigure.AmbAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples, run as written (one agent class per pattern section), so the README
 * stays true.
 */
class ReadmeExamplesTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class));

    record AgentStatus(String agentId, String state, double load) {
    }

    record Task(String id, String text) {
    }

    record Result(String taskId, int words) {
    }

    record Proposal(String title) {
    }

    record Vote(boolean approve, String voter) {
    }

    record Lookup(String key) {
    }

    record Alert(String kind, int severity) {
    }

    record Event(String type) {
    }

    // --- pub/sub ---------------------------------------------------------------------------

    static class Roster {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "agents.*.status")
        void onStatus(Message<AgentStatus> message) {
            seen.add(message.data().agentId() + " is " + message.data().state());
        }
    }

    @Test
    void publishSubscribe() {
        contextRunner.withBean(Roster.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("agents.worker-1.status", new AgentStatus("worker-1", "idle", 0.1)).join();
            Awaitility.await().until(() -> context.getBean(Roster.class).seen.contains("worker-1 is idle"));
        });
    }

    // --- work queue ------------------------------------------------------------------------

    static class Worker {

        final List<String> done = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "tasks.wordcount", group = "workers", concurrency = "4")
        void onTask(Task task) {
            done.add(task.id());
        }
    }

    @Test
    void workQueue() {
        contextRunner.withBean("workerA", Worker.class).withBean("workerB", Worker.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            for (int i = 0; i < 20; i++) {
                bus.publish("tasks.wordcount", new Task("t" + i, "some words")).join();
            }
            Awaitility.await().until(() -> context.getBean("workerA", Worker.class).done.size()
                    + context.getBean("workerB", Worker.class).done.size() == 20);
        });
    }

    // --- request/reply ---------------------------------------------------------------------

    static class Counter {

        @AgentResponder(topic = "tasks.count", group = "workers")
        Result count(Task task) {
            if (task.text() == null) {
                throw new IllegalArgumentException("task " + task.id() + " has no text");
            }
            return new Result(task.id(), task.text().split("\\s+").length);
        }
    }

    @Test
    void requestReply() throws Exception {
        contextRunner.withBean(Counter.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            Result result = bus.request("tasks.count", new Task("t1", "three little words"), Result.class)
                .get(10, TimeUnit.SECONDS)
                .data();
            assertThat(result.words()).isEqualTo(3);
        });
    }

    // --- scatter-gather --------------------------------------------------------------------

    static class Voter {

        private final String name;

        Voter(String name) {
            this.name = name;
        }

        @AgentResponder(topic = "proposals.vote", id = "#{T(java.util.UUID).randomUUID()}")
        Vote vote(Proposal proposal) {
            return new Vote(proposal.title().length() % 2 == 0, name);
        }
    }

    @Test
    void scatterGather() {
        contextRunner.withBean("alice", Voter.class, () -> new Voter("alice"))
            .withBean("bob", Voter.class, () -> new Voter("bob"))
            .withBean("carol", Voter.class, () -> new Voter("carol"))
            .run(context -> {
                MessageBus bus = context.getBean(MessageBus.class);
                List<Message<Vote>> votes = bus
                    .scatter("proposals.vote", new Proposal("ship it"), Vote.class, Duration.ofSeconds(2), 2, 3)
                    .get(10, TimeUnit.SECONDS);
                long approvals = votes.stream().filter(v -> v.data().approve()).count();
                assertThat(votes).hasSize(3);
                assertThat(approvals).isBetween(0L, 3L);
            });
    }

    // --- first wins ------------------------------------------------------------------------

    static class Replicas {

        @AgentResponder(topic = "kv.primary.get")
        String primary(Lookup lookup) {
            throw new IllegalStateException("primary is rebuilding its index");
        }

        @AgentResponder(topic = "kv.backup.get")
        CompletableFuture<String> backup(Lookup lookup) {
            return CompletableFuture.completedFuture("value-of-" + lookup.key());
        }
    }

    @Test
    void firstWins() throws Exception {
        contextRunner.withBean(Replicas.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            Message<String> value = bus.requestFirst(List.of("kv.primary.get", "kv.backup.get"), new Lookup("color"),
                    String.class, Duration.ofSeconds(2))
                .get(10, TimeUnit.SECONDS);
            assertThat(value.data()).isEqualTo("value-of-color");
        });
    }

    // --- filters and conditions ------------------------------------------------------------

    static class Pager {

        final List<String> paged = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "alerts.#", condition = "data.severity() >= 3 and headers['env'] == 'prod'")
        void onSevere(Alert alert) {
            paged.add("severe:" + alert.kind());
        }

        @AgentListener(topics = "alerts.#", filter = "outages")
        void onOutage(Alert alert, @Header("env") String env) {
            paged.add("outage:" + env);
        }
    }

    static class FilterConfiguration {

        @Bean
        MessageFilter outages() {
            return MessageFilter.dataMatches(Map.of("kind", "outage")).and(MessageFilter.header("env", "prod"));
        }
    }

    @Test
    void filtersAndConditions() {
        contextRunner.withUserConfiguration(FilterConfiguration.class).withBean(Pager.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("alerts.db", new Alert("slow", 1), Map.of("env", "prod")).join();
            bus.publish("alerts.db", new Alert("outage", 5), Map.of("env", "prod")).join();
            bus.publish("alerts.db", new Alert("outage", 5), Map.of("env", "staging")).join();
            Pager pager = context.getBean(Pager.class);
            Awaitility.await().until(() -> pager.paged.size() == 2);
            assertThat(pager.paged).containsExactlyInAnyOrder("severe:outage", "outage:prod");
        });
    }

    // --- batches ---------------------------------------------------------------------------

    static class Archiver {

        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "events", ackMode = AckMode.BATCH, batchSize = "100")
        void onEvents(List<Message<Event>> batch) {
            batchSizes.add(batch.size());
        }
    }

    @Test
    void batches() {
        contextRunner.withBean(Archiver.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            for (int i = 0; i < 250; i++) {
                bus.publish("events", new Event("e" + i));
            }
            Archiver archiver = context.getBean(Archiver.class);
            Awaitility.await().until(() -> archiver.batchSizes.stream().mapToInt(Integer::intValue).sum() == 250);
            assertThat(archiver.batchSizes).allMatch(size -> size <= 100);
        });
    }
}
