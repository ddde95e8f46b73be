package dev.amb.samples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no Docker engine in the build, so this checks {@code docker/compose.yml} as data: every
 * service the README's Docker section names is there with a health check, the agents choose their
 * broker from the environment and wait for healthy brokers, the agents export traces to the compose
 * file's Jaeger while their own configuration exports none, and the images are built from stages
 * that {@code docker/Dockerfile} defines.
 */
class DockerComposeTests {

    private static final Pattern SERVICE_ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\|", Pattern.MULTILINE);

    private static final Pattern STAGE = Pattern.compile("^FROM \\S+ AS (\\S+)$", Pattern.MULTILINE);

    private static Path root;

    private static Map<?, ?> services;

    private static List<String> readmeServices;

    @BeforeAll
    static void readFiles() throws IOException {
        root = repositoryRoot();
        try (InputStream in = Files.newInputStream(root.resolve("docker/compose.yml"))) {
            services = map(map(new Yaml().load(in)).get("services"));
        }
        readmeServices = readmeServices(Files.readString(root.resolve("README.md")));
    }

    @Test
    void theReadmeNamesTheBrokersAndTheAgents() {
        assertThat(readmeServices).contains("redis", "rabbitmq", "kafka", "nats", "elasticmq", "supervisor")
            .anyMatch(name -> name.startsWith("worker"));
    }

    @Test
    void everyServiceTheReadmeNamesIsInTheComposeFileWithAHealthCheck() {
        for (String name : readmeServices) {
            assertThat(services.containsKey(name)).as("compose.yml has the service %s", name).isTrue();
            Map<?, ?> healthcheck = map(service(name).get("healthcheck"));
            assertThat(healthcheck.get("test")).as("health check of %s", name).isNotNull();
        }
    }

    @Test
    void theComposeFileHasNoServiceTheReadmeLeavesOut() {
        assertThat(services.keySet()).map(String::valueOf).containsExactlyInAnyOrderElementsOf(readmeServices);
    }

    @Test
    void agentsChooseTheirBrokerByEnvironmentAndStartOnceItIsHealthy() {
        List<String> agents = agents();
        assertThat(agents).contains("supervisor").anyMatch(name -> name.startsWith("worker"));
        for (String agent : agents) {
            Map<String, String> environment = environment(service(agent));
            assertThat(environment).as("environment of %s", agent)
                .containsKey("AMB_BROKER")
                .containsEntry("AMB_REDIS_URL", "redis://redis:6379")
                .containsEntry("AMB_NATS_URL", "nats://nats:4222")
                .containsEntry("AMB_KAFKA_BROKERS", "kafka:19092")
                .containsEntry("AMB_RABBIT_URL", "amqp://guest:guest@rabbitmq:5672/")
                .containsEntry("AMB_SQS_ENDPOINT", "http://elasticmq:9324")
                .containsKey("AMB_SQS_REGION");
            Map<?, ?> dependsOn = map(service(agent).get("depends_on"));
            for (String broker : List.of("redis", "nats", "kafka", "rabbitmq", "elasticmq")) {
                assertThat(map(dependsOn.get(broker)).get("condition")).as("%s waits for %s", agent, broker)
                    .isEqualTo("service_healthy");
            }
        }
    }

    @Test
    void agentsExportTracesToJaegerOnceItIsHealthy() {
        assertThat(list(service("jaeger").get("ports"))).map(String::valueOf).contains("16686:16686", "4318:4318");
        for (String agent : agents()) {
            assertThat(environment(service(agent))).as("environment of %s", agent)
                .containsEntry("MANAGEMENT_OTLP_TRACING_ENDPOINT", "http://jaeger:4318/v1/traces")
                .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://jaeger:4318/v1/traces");
            assertThat(map(map(service(agent).get("depends_on")).get("jaeger")).get("condition"))
                .as("%s waits for jaeger", agent).isEqualTo("service_healthy");
        }
    }

    @Test
    void agentsTraceEveryRequestButExportOnlyWhereAnEndpointIsSet() throws IOException {
        for (String config : List.of("sample-worker-agent/src/main/resources/worker-agent.yml",
                "sample-supervisor-agent/src/main/resources/supervisor-agent.yml")) {
            Map<?, ?> management;
            try (InputStream in = Files.newInputStream(root.resolve(config))) {
                management = map(map(new Yaml().load(in)).get("management"));
            }
            Map<?, ?> tracing = map(management.get("tracing"));
            assertThat(map(tracing.get("sampling")).get("probability")).as("sampling in %s", config).isEqualTo(1.0);
            assertThat(management.containsKey("otlp")).as("%s sets no OTLP endpoint (a local run needs no backend)", config)
                .isFalse();
            assertThat(management.containsKey("opentelemetry")).as("%s sets no OTLP endpoint", config).isFalse();
        }
    }

    @Test
    void thereAreAtLeastTwoWorkersAndOneSupervisor() {
        int workers = agents().stream().filter(name -> name.startsWith("worker")).mapToInt(name -> {
            Object deploy = service(name).get("deploy");
            return deploy != null ? Integer.parseInt(String.valueOf(map(deploy).get("replicas"))) : 1;
        }).sum();

        assertThat(workers).isGreaterThanOrEqualTo(2);
    }

    @Test
    void agentImagesAreBuiltFromStagesOfTheDockerfile() throws IOException {
        String dockerfile = Files.readString(root.resolve("docker/Dockerfile"));
        List<String> stages = new ArrayList<>();
        Matcher matcher = STAGE.matcher(dockerfile);
        while (matcher.find()) {
            stages.add(matcher.group(1));
        }
        assertThat(stages).contains("build", "worker", "supervisor");
        assertThat(dockerfile).contains("./mvnw").contains("17-jdk").contains("17-jre");

        for (String agent : agents()) {
            Map<?, ?> build = map(service(agent).get("build"));
            assertThat(build.get("target")).as("build target of %s", agent).isIn(stages.toArray());
            Path context = root.resolve("docker").resolve(String.valueOf(build.get("context"))).normalize();
            assertThat(context.resolve(String.valueOf(build.get("dockerfile")))).isRegularFile();
        }
    }

    @Test
    void brokersRunInTheModesTheAdaptersNeed() {
        Map<String, String> kafka = environment(service("kafka"));
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(kafka.keySet()).noneMatch(name -> name.contains("ZOOKEEPER"));
        assertThat(list(service("nats").get("command"))).map(String::valueOf).contains("-js");
    }

    private static List<String> agents() {
        return services.keySet()
            .stream()
            .map(String::valueOf)
            .filter(name -> service(name).containsKey("build"))
            .toList();
    }

    private static Map<?, ?> service(String name) {
        return map(services.get(name));
    }

    /** The environment of a service, written as a map or as a list of NAME=value. */
    private static Map<String, String> environment(Map<?, ?> service) {
        Object environment = service.get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> entries) {
            entries.forEach((name, value) -> variables.put(String.valueOf(name), String.valueOf(value)));
        }
        else if (environment != null) {
            list(environment).forEach(entry -> {
                String[] parts = String.valueOf(entry).split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        }
        return variables;
    }

    /** The services named in the first column of the table in the README's "## Docker" section. */
    private static List<String> readmeServices(String readme) {
        int start = readme.indexOf("\n## Docker\n");
        assertThat(start).as("the README has a Docker section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> names = new ArrayList<>();
        Matcher matcher = SERVICE_ROW.matcher(section);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("docker/compose.yml"))) {
            directory = directory.getParent();
        }
        assertThat(directory).as("a parent directory with docker/compose.yml").isNotNull();
        return directory;
    }

    private static Map<?, ?> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<?, ?>) value;
    }

    private static List<?> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<?>) value;
    }
}
