package dev.amb.listener;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import dev.amb.Message;
import dev.amb.MessageBus;
import dev.amb.RemoteAgentException;
import dev.amb.annotation.AgentListener;
import dev.amb.annotation.AgentResponder;
import dev.amb.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two agents in one application, talking only through annotations and the injected bus: the
 * worker listens and responds, the planner publishes and requests.
 */
@SpringBootTest(classes = TwoAgentApplicationTests.Application.class,
        properties = { "spring.application.name=two-agents", "amb.request.timeout=10s" })
class TwoAgentApplicationTests {

    @Autowired
    Planner planner;

    @Autowired
    Worker worker;

    @Test
    void plannerRequestsAndTheWorkerResponderAnswers() throws Exception {
        Estimate estimate = planner.estimate(new Job("j-1", "count the words in this sentence"));

        assertThat(estimate).isEqualTo(new Estimate("j-1", 6));
    }

    @Test
    void plannerPublishesAndTheWorkerListenerReceivesWithHeaders() {
        planner.announce(new Job("j-2", "hello"), "high");

        Awaitility.await().until(() -> worker.announcements.contains("j-2:high"));
    }

    @Test
    void workerFailureReachesThePlannerAsRemoteAgentException() {
        assertThatThrownBy(() -> planner.estimate(new Job("j-3", ""))).hasCauseInstanceOf(RemoteAgentException.class)
            .rootCause()
            .hasMessageContaining("empty job j-3");
    }

    @Test
    void workerReceivesStatusesThroughAWildcard() {
        planner.reportStatus("w-1", "idle");
        planner.reportStatus("w-2", "busy");

        Awaitility.await().until(() -> worker.statuses.containsAll(List.of("agents.w-1.status=idle",
                "agents.w-2.status=busy")));
    }

    record Job(String id, String text) {
    }

    record Estimate(String jobId, int words) {
    }

    record Status(String state) {
    }

    @Component
    static class Worker {

        final List<String> announcements = new CopyOnWriteArrayList<>();

        final List<String> statuses = new CopyOnWriteArrayList<>();

        @AgentResponder(topic = "jobs.estimate", group = "workers")
        Estimate estimate(Job job) {
            if (job.text().isBlank()) {
                throw new IllegalArgumentException("empty job " + job.id());
            }
            return new Estimate(job.id(), job.text().trim().split("\\s+").length);
        }

        @AgentListener(topics = "jobs.announced")
        void announced(Job job, @Header("priority") String priority) {
            announcements.add(job.id() + ":" + priority);
        }

        @AgentListener(topics = "agents.*.status")
        void status(Message<Status> message) {
            statuses.add(message.topic() + "=" + message.data().state());
        }
    }

    @Component
    static class Planner {

        private final MessageBus bus;

        Planner(MessageBus bus) {
            this.bus = bus;
        }

        Estimate estimate(Job job) throws Exception {
            CompletableFuture<Message<Estimate>> reply = bus.request("jobs.estimate", job, Estimate.class);
            return reply.get(10, TimeUnit.SECONDS).data();
        }

        void announce(Job job, String priority) {
            bus.publish("jobs.announced", job, java.util.Map.of("priority", priority)).join();
        }

        void reportStatus(String worker, String state) {
            bus.publish("agents." + worker + ".status", new Status(state)).join();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({ Worker.class, Planner.class })
    static class Application {
    }
}
