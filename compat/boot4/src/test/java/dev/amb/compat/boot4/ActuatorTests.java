package dev.amb.compat.boot4;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.awaitility.Awaitility;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.amb.MessageBus;
import dev.amb.SubscriptionOptions;
import dev.amb.autoconfigure.AmbBoot4HealthContributor;
import dev.amb.autoconfigure.AmbEndpoint;
import dev.amb.core.AmbMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AMB under Spring Boot 4's actuator: the {@code amb} endpoint over HTTP (it exists when exposed,
 * reads the agent, and its write operation takes its optional parameters as optional), the bus's
 * meters in Boot 4's {@link MeterRegistry}, its observations in Boot 4's observation registry, and
 * the {@code amb} health contributor in Boot 4's {@code /actuator/health} (Boot 4 moved health to
 * {@code spring-boot-health}; AMB brings a contributor for each line).
 */
@SpringBootTest(classes = ActuatorTests.EndpointApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "amb.agent.id=boot4-endpoint-agent", "management.endpoints.web.exposure.include=amb,health",
                "management.endpoint.health.show-details=always" })
class ActuatorTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private ApplicationContext context;

    @Autowired
    private Environment environment;

    @Autowired
    private JsonMapper mapper;

    @Autowired
    private MessageBus bus;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private Observations observations;

    @Test
    void endpointIsThereAndReadsTheAgent() throws Exception {
        assertThat(context.getBeansOfType(AmbEndpoint.class)).hasSize(1);
        assertThat(context.getBean(AmbEndpoint.class).report().agentId()).isEqualTo("boot4-endpoint-agent");

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/amb")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = mapper.readTree(response.body());
        assertThat(report.get("agentId").asString()).isEqualTo("boot4-endpoint-agent");
        assertThat(report.get("broker").asString()).isEqualTo("memory");
    }

    @Test
    void replaysDeadLettersWithoutItsOptionalParametersAndStopsTheReplay() throws Exception {
        HttpResponse<String> started = post("/actuator/amb", "{}");

        assertThat(started.statusCode()).isEqualTo(200);
        String replay = mapper.readTree(started.body()).get("replay").asString();
        assertThat(replay).startsWith("replay-");

        HttpResponse<String> stopped = post("/actuator/amb/" + replay, "{\"action\":\"stop\"}");

        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(stopped.body()).get("state").asString()).isEqualTo("CLOSED");
    }

    @Test
    void countsInBoot4sMeterRegistryAndObservesThroughBoot4sObservationRegistry() {
        bus.subscribe("metrics.boot4", String.class, message -> {
        });

        bus.publish("metrics.boot4", "hello").join();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(meters.get(AmbMetrics.HANDLED).tags(AmbMetrics.TAG_PATTERN, "metrics.boot4").functionCounter().count())
                .isEqualTo(1);
            assertThat(observations.names).contains("amb.publish", "amb.process");
        });
        assertThat(meters.get(AmbMetrics.PUBLISHED).functionCounter().count()).isPositive();
    }

    @Test
    void healthShowsTheBrokerAndEverySubscriptionUnderAmb() throws Exception {
        assertThat(context.getBean("ambHealthContributor")).isInstanceOf(AmbBoot4HealthContributor.class);
        bus.subscribe(SubscriptionOptions.pattern("health.boot4").id("health-listener"), String.class, message -> {
        });

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/health/amb")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode amb = mapper.readTree(response.body());
        assertThat(amb.get("status").asString()).isEqualTo("UP");
        JsonNode broker = amb.get("components").get("broker");
        assertThat(broker.get("status").asString()).isEqualTo("UP");
        assertThat(broker.get("details").get("broker").asString()).isEqualTo("memory");
        JsonNode listener = amb.get("components").get("subscriptions").get("components").get("health-listener");
        assertThat(listener.get("status").asString()).isEqualTo("UP");
        assertThat(listener.get("details").get("state").asString()).isEqualTo("RUNNING");
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + environment.getProperty("local.server.port") + path);
    }

    /** Auto-configuration only: no component scan, which would find this package's other applications. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EndpointApplication {

        @Bean
        Observations observations() {
            return new Observations();
        }
    }

    /** Records the names of the observations it sees; Boot adds it to the observation registry. */
    static class Observations implements ObservationHandler<Observation.Context> {

        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(Observation.Context context) {
            names.add(context.getName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
