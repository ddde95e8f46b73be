package dev.amb.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
 * Every {@code @AgentListener} / {@code @AgentResponder} attribute and argument type, through a
 * real context and the auto-configured in-memory bus.
 */
class AgentListenerFeatureTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class));

    record Task(String id, int priority, Instant due) {
    }

    @Test
    void placeholdersResolveInTopicsGroupConcurrencyAndId() {
        contextRunner.withPropertyValues("app.topic=work.items", "app.group=crew", "app.concurrency=3", "app.id=items")
            .withBean(PlaceholderListener.class)
            .run(context -> {
                AgentEndpoint endpoint = context.getBean(AgentEndpointRegistry.class).getEndpointContainer("items").endpoint();
                assertThat(endpoint.topics()).containsExactly("work.items");
                assertThat(endpoint.group()).isEqualTo("crew");
                assertThat(endpoint.concurrency()).isEqualTo(3);
                context.getBean(MessageBus.class).publish("work.items", "x").join();
                Awaitility.await().until(() -> context.getBean(PlaceholderListener.class).received.size() == 1);
            });
    }

    @Test
    void oneListenerSubscribesSeveralTopics() {
        contextRunner.withBean(MultiTopicListener.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("orders.created", "o1").join();
            bus.publish("invoices.paid", "i1").join();
            bus.publish("other", "no").join();
            MultiTopicListener listener = context.getBean(MultiTopicListener.class);
            Awaitility.await().until(() -> listener.topics.size() == 2);
            assertThat(listener.topics).containsExactlyInAnyOrder("orders.created", "invoices.paid");
        });
    }

    @Test
    void listenersInOneGroupShareAndAnotherGroupGetsEverything() {
        contextRunner.withBean("first", GroupMember.class).withBean("second", GroupMember.class)
            .withBean(AuditGroup.class)
            .run(context -> {
                MessageBus bus = context.getBean(MessageBus.class);
                for (int i = 0; i < 50; i++) {
                    bus.publish("work.shared", i).join();
                }
                GroupMember first = context.getBean("first", GroupMember.class);
                GroupMember second = context.getBean("second", GroupMember.class);
                AuditGroup audit = context.getBean(AuditGroup.class);
                Awaitility.await().until(() -> first.count.get() + second.count.get() == 50 && audit.count.get() == 50);
                assertThat(first.count.get()).isPositive();
                assertThat(second.count.get()).isPositive();
            });
    }

    @Test
    void conditionSeesDataHeadersAndTopic() {
        contextRunner.withBean(ConditionalListener.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("alerts.db", new Task("low", 1, null), Map.of("priority", "high")).join();
            bus.publish("alerts.db", new Task("urgent", 9, null), Map.of("priority", "low")).join();
            bus.publish("alerts.db", new Task("yes", 9, null), Map.of("priority", "high")).join();
            bus.publish("alerts.web", new Task("wrong-topic", 9, null), Map.of("priority", "high")).join();
            ConditionalListener listener = context.getBean(ConditionalListener.class);
            Awaitility.await().until(() -> listener.ids.contains("yes"));
            Awaitility.await().during(Duration.ofMillis(200)).until(() -> listener.ids.size() == 1);
        });
    }

    @Test
    void filterBeanAndConditionBothApply() {
        contextRunner.withBean("vipOnly", MessageFilter.class, () -> MessageFilter.header("tier", "vip"))
            .withBean(FilteredListener.class)
            .run(context -> {
                MessageBus bus = context.getBean(MessageBus.class);
                bus.publish("customers", "a", Map.of("tier", "vip")).join();
                bus.publish("customers", "b", Map.of("tier", "basic")).join();
                bus.publish("customers", "skip", Map.of("tier", "vip")).join();
                FilteredListener listener = context.getBean(FilteredListener.class);
                Awaitility.await().until(() -> listener.received.contains("a"));
                Awaitility.await().during(Duration.ofMillis(200)).until(() -> listener.received.equals(List.of("a")));
            });
    }

    @Test
    void concurrencyLetsSeveralMessagesBeHandledAtOnce() {
        contextRunner.withBean(ConcurrentListener.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            ConcurrentListener listener = context.getBean(ConcurrentListener.class);
            for (int i = 0; i < 4; i++) {
                bus.publish("slow.work", i).join();
            }
            Awaitility.await().until(() -> listener.active.get() == 4);
            listener.release.complete(null);
            Awaitility.await().until(() -> listener.done.get() == 4);
        });
    }

    @Test
    void batchListenersReceiveListsOfMessagesAndOfPayloads() {
        contextRunner.withBean(BatchListeners.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            for (int i = 0; i < 25; i++) {
                bus.publish("events.batch", new Task("t" + i, i, null)).join();
            }
            BatchListeners listener = context.getBean(BatchListeners.class);
            Awaitility.await().until(() -> listener.messages.size() == 25 && listener.payloads.size() == 25);
            assertThat(listener.batchSizes).allMatch(size -> size <= 10);
            assertThat(listener.payloads).allMatch(task -> task.id().startsWith("t"));
        });
    }

    @Test
    void genericPayloadsAreDecodedFromTheMethodSignature() {
        contextRunner.withBean(GenericListener.class).run(context -> {
            Task task = new Task("g", 2, Instant.parse("2026-11-21T10:00:00Z"));
            context.getBean(MessageBus.class).publish("plans", Map.of("mon", List.of(task))).join();
            context.getBean(MessageBus.class).publish("task.lists", List.of(task, task)).join();
            GenericListener listener = context.getBean(GenericListener.class);
            Awaitility.await().until(() -> listener.plan != null && listener.list != null);
            assertThat(listener.plan.get("mon")).containsExactly(task);
            assertThat(listener.list).containsExactly(task, task);
        });
    }

    @Test
    void manualAckModeHandsTheMessageToTheMethodToSettle() {
        contextRunner.withBean(ManualListener.class).run(context -> {
            context.getBean(MessageBus.class).publish("manual.work", "retry-me").join();
            ManualListener listener = context.getBean(ManualListener.class);
            Awaitility.await().until(() -> listener.attempts.equals(List.of(1, 2)));
        });
    }

    @Test
    void retriesAndRetryDelayAreParsedIntoTheEndpoint() {
        contextRunner.withBean(RetryingListener.class).run(context -> {
            AgentEndpoint endpoint = context.getBean(AgentEndpointRegistry.class).getEndpointContainer("retrying").endpoint();
            assertThat(endpoint.retries()).isEqualTo(5);
            assertThat(endpoint.retryDelay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(endpoint.circuitBreaker()).isEqualTo("external-api");
            assertThat(endpoint.options(null).retries()).hasValue(5);
        });
    }

    @Test
    void numericAndBatchAttributesTakePlaceholders() {
        contextRunner.withPropertyValues("app.retries=4", "app.batch-size=7", "app.batch-timeout=250ms",
                "app.max-unacked=3").withBean(PlaceholderListeners.class).run(context -> {
                    AgentEndpointRegistry registry = context.getBean(AgentEndpointRegistry.class);
                    AgentEndpoint batch = registry.getEndpointContainer("placeholder-batch").endpoint();
                    assertThat(batch.retries()).isEqualTo(4);
                    assertThat(batch.batchSize()).isEqualTo(7);
                    assertThat(batch.options(null).batchTimeout()).isEqualTo(Duration.ofMillis(250));
                    AgentEndpoint manual = registry.getEndpointContainer("placeholder-manual").endpoint();
                    assertThat(manual.options(null).maxUnacked()).isEqualTo(3);
                });
    }

    @Test
    void aBatchListenerReadsAHeaderOfEveryMessage() {
        contextRunner.withBean(BatchHeaderListener.class).run(context -> {
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("events.tagged", "a", Map.of("tag", "first")).join();
            bus.publish("events.tagged", "b").join();
            bus.publish("events.tagged", "c", Map.of("tag", "third")).join();
            BatchHeaderListener listener = context.getBean(BatchHeaderListener.class);
            Awaitility.await().until(() -> listener.payloads.size() == 3);
            assertThat(listener.payloads).containsExactly("a", "b", "c");
            assertThat(listener.tags).containsExactly("first", null, "third");
        });
    }

    @Test
    void responderMayReplyWithACompletableFuture() {
        contextRunner.withBean(AsyncResponder.class).run(context -> {
            Message<String> reply = context.getBean(MessageBus.class)
                .request("shout", "hey", String.class, Duration.ofSeconds(10))
                .get(10, TimeUnit.SECONDS);
            assertThat(reply.data()).isEqualTo("HEY!");
        });
    }

    static class PlaceholderListener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "${app.topic}", group = "${app.group}", concurrency = "${app.concurrency}", id = "${app.id}")
        void on(String value) {
            received.add(value);
        }
    }

    static class MultiTopicListener {

        final List<String> topics = new CopyOnWriteArrayList<>();

        @AgentListener(topics = { "orders.*", "invoices.#" })
        void on(Message<String> message) {
            topics.add(message.topic());
        }
    }

    static class GroupMember {

        final AtomicInteger count = new AtomicInteger();

        @AgentListener(topics = "work.shared", group = "workers", id = "#{T(java.util.UUID).randomUUID()}")
        void on(Integer item) {
            count.incrementAndGet();
        }
    }

    static class AuditGroup {

        final AtomicInteger count = new AtomicInteger();

        @AgentListener(topics = "work.shared", group = "audit")
        void on(Integer item) {
            count.incrementAndGet();
        }
    }

    static class ConditionalListener {

        final List<String> ids = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "alerts.*",
                condition = "headers['priority'] == 'high' and data.priority() > 5 and topic.endsWith('.db')")
        void on(Task task) {
            ids.add(task.id());
        }
    }

    static class FilteredListener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "customers", filter = "vipOnly", condition = "data != 'skip'")
        void on(String customer) {
            received.add(customer);
        }
    }

    static class ConcurrentListener {

        final AtomicInteger active = new AtomicInteger();

        final AtomicInteger done = new AtomicInteger();

        final CompletableFuture<Void> release = new CompletableFuture<>();

        @AgentListener(topics = "slow.work", concurrency = "4")
        void on(Integer item) throws Exception {
            active.incrementAndGet();
            release.get(10, TimeUnit.SECONDS);
            done.incrementAndGet();
        }
    }

    static class PlaceholderListeners {

        @AgentListener(topics = "placeholders.batch", id = "placeholder-batch", ackMode = AckMode.BATCH,
                retries = "${app.retries}", batchSize = "${app.batch-size}", batchTimeout = "${app.batch-timeout}")
        void onBatch(List<String> batch) {
        }

        @AgentListener(topics = "placeholders.manual", id = "placeholder-manual", ackMode = AckMode.MANUAL,
                maxUnacked = "${app.max-unacked}")
        void onManual(Message<String> message) {
            message.ack();
        }
    }

    static class BatchHeaderListener {

        final List<String> payloads = new CopyOnWriteArrayList<>();

        final List<String> tags = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @AgentListener(topics = "events.tagged", ackMode = AckMode.BATCH, batchSize = "3", batchTimeout = "10s")
        void on(List<String> batch, @Header("tag") List<String> tagsOfBatch) {
            tags.addAll(tagsOfBatch);
            payloads.addAll(batch);
        }
    }

    static class BatchListeners {

        final List<Message<Task>> messages = new CopyOnWriteArrayList<>();

        final List<Task> payloads = new CopyOnWriteArrayList<>();

        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "events.batch", ackMode = AckMode.BATCH, batchSize = "10")
        void onMessages(List<Message<Task>> batch) {
            batchSizes.add(batch.size());
            messages.addAll(batch);
        }

        @AgentListener(topics = "events.batch", ackMode = AckMode.BATCH, batchSize = "10")
        void onPayloads(List<Task> batch) {
            batchSizes.add(batch.size());
            payloads.addAll(batch);
        }
    }

    static class GenericListener {

        volatile Map<String, List<Task>> plan;

        volatile List<Task> list;

        @AgentListener(topics = "plans")
        void onPlan(Message<Map<String, List<Task>>> message) {
            plan = message.data();
        }

        @AgentListener(topics = "task.lists")
        void onList(List<Task> tasks) {
            list = tasks;
        }
    }

    static class ManualListener {

        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "manual.work", ackMode = AckMode.MANUAL)
        void on(Message<String> message) {
            attempts.add(message.deliveryAttempt());
            if (message.deliveryAttempt() == 1) {
                message.reject(true, Duration.ofMillis(10));
            }
            else {
                message.ack();
            }
        }
    }

    static class RetryingListener {

        @AgentListener(topics = "flaky", id = "retrying", retries = "5", retryDelay = "2s", circuitBreaker = "external-api")
        void on(String value) {
        }
    }

    static class AsyncResponder {

        @AgentResponder(topic = "shout")
        CompletableFuture<String> shout(String text) {
            return CompletableFuture.supplyAsync(() -> text.toUpperCase() + "!");
        }
    }
}
