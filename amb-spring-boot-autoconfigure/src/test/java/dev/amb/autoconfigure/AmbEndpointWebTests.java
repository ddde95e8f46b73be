package dev.amb.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.MockMvc;

import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code amb} actuator endpoint and health contributor over HTTP (MockMvc), on an agent with
 * annotated listeners on the in-memory broker.
 */
@SpringBootTest(classes = AmbEndpointWebTests.Application.class,
        properties = { "amb.agent.id=endpoint-agent", "management.endpoints.web.exposure.include=amb,health",
                "management.endpoint.health.show-details=always", "amb.retry.max-retries=0" })
@AutoConfigureMockMvc
class AmbEndpointWebTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MessageBus bus;

    @Autowired
    Orders orders;

    @Test
    void readShowsTheAgentItsEndpointsAndSubscriptions() throws Exception {
        mvc.perform(get("/actuator/amb"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.agentId").value("endpoint-agent"))
            .andExpect(jsonPath("$.broker").value("memory"))
            .andExpect(jsonPath("$.pendingRequests").value(0))
            .andExpect(jsonPath("$.counters.published").isNumber())
            .andExpect(jsonPath("$.endpoints[?(@.id == 'orders')].patterns[0]").value("orders.*"))
            .andExpect(jsonPath("$.endpoints[?(@.id == 'orders')].group").value("billing"))
            .andExpect(jsonPath("$.endpoints[?(@.id == 'orders')].ackMode").value("AUTO"))
            .andExpect(jsonPath("$.subscriptions[?(@.id == 'orders')].state").value("RUNNING"))
            .andExpect(jsonPath("$.subscriptions[?(@.id == 'orders')].counters.received").isNotEmpty());
    }

    @Test
    void pausesResumesStopsAndStartsAnEndpointById() throws Exception {
        change("audit", "pause").andExpect(jsonPath("$.state").value("PAUSED"));
        mvc.perform(get("/actuator/amb"))
            .andExpect(jsonPath("$.endpoints[?(@.id == 'audit')].state").value("PAUSED"));
        bus.publish("audit.entry", "while paused").join();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> mvc.perform(get("/actuator/amb"))
            .andExpect(jsonPath("$.subscriptions[?(@.id == 'audit')].queued").value(1)));

        change("audit", "resume").andExpect(jsonPath("$.state").value("RUNNING"));
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> orders.audited.contains("while paused"));

        change("audit", "stop").andExpect(jsonPath("$.state").value("STOPPED"));
        mvc.perform(get("/actuator/amb"))
            .andExpect(jsonPath("$.subscriptions[?(@.id == 'audit')]").isEmpty());
        change("audit", "start").andExpect(jsonPath("$.state").value("RUNNING"));
    }

    @Test
    void refusesAnUnknownActionOrId() throws Exception {
        change("audit", "explode").andExpect(status().isBadRequest());
        change("nobody", "pause").andExpect(status().isBadRequest());
    }

    @Test
    void replaysDeadLettersOfATopicToTheirOriginalTopic() throws Exception {
        // the memory broker keeps nothing for a subscription that does not exist yet: replay first
        String replay = mvc.perform(post("/actuator/amb").contentType(MediaType.APPLICATION_JSON)
                .content("{\"topic\":\"orders.new\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.deadLetterTopic").value("amb.dead-letter"))
            .andReturn().getResponse().getContentAsString();
        String id = replay.replaceAll(".*\"replay\":\"([^\"]+)\".*", "$1");
        mvc.perform(get("/actuator/amb")).andExpect(jsonPath("$.replays[0]").value(id));
        orders.failures.set(1);

        bus.publish("orders.new", "order-1").join();

        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> orders.billed.contains("order-1"));
        assertThat(orders.failures.get()).isZero();
        change(id, "stop").andExpect(jsonPath("$.state").value("CLOSED"));
    }

    @Test
    void healthHasTheBrokerAndEverySubscription() throws Exception {
        mvc.perform(get("/actuator/health/amb"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("UP"))
            .andExpect(jsonPath("$.components.broker.details.broker").value("memory"))
            .andExpect(jsonPath("$.components.subscriptions.components.orders.status").value("UP"))
            .andExpect(jsonPath("$.components.subscriptions.components.orders.details.group").value("billing"));
    }

    private org.springframework.test.web.servlet.ResultActions change(String id, String action) throws Exception {
        return mvc.perform(post("/actuator/amb/" + id).contentType(MediaType.APPLICATION_JSON)
            .content("{\"action\":\"" + action + "\"}"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Orders.class)
    static class Application {
    }

    @Component
    static class Orders {

        /** How many of the next orders fail. */
        final AtomicInteger failures = new AtomicInteger();

        final List<String> billed = new CopyOnWriteArrayList<>();

        final List<String> audited = new CopyOnWriteArrayList<>();

        @AgentListener(id = "orders", topics = "orders.*", group = "billing")
        void bill(String order) {
            if (failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new IllegalStateException("billing is down");
            }
            billed.add(order);
        }

        @AgentListener(id = "audit", topics = "audit.*")
        void audit(String entry) {
            audited.add(entry);
        }
    }
}
