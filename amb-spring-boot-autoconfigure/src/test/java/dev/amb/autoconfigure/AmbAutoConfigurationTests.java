package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.amb.MessageBus;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;
import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;

class AmbAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class));

    @Test
    void providesAWorkingInMemoryBusWhenNothingIsConfigured() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(MessageBus.class).hasSingleBean(MemoryBroker.class);
            MessageBus bus = context.getBean(MessageBus.class);
            List<String> received = new CopyOnWriteArrayList<>();
            bus.subscribe("hello", String.class, message -> received.add(message.data()));
            bus.publish("hello", "world").join();
            Awaitility.await().until(() -> received.equals(List.of("world")));
        });
    }

    @Test
    void writesJsonWithTheApplicationsObjectMapper() {
        contextRunner.run(context -> {
            JsonMessageSerializer serializer = context.getBean(JsonMessageSerializer.class);
            assertThat(serializer.mapper()).isSameAs(context.getBean(ObjectMapper.class));
        });
    }

    @Test
    void worksWithoutAnApplicationObjectMapper() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class))
            .run(context -> assertThat(context).hasSingleBean(MessageBus.class).hasSingleBean(JsonMessageSerializer.class));
    }

    @Test
    void agentIdDefaultsToTheApplicationNameWithARandomSuffix() {
        contextRunner.withPropertyValues("spring.application.name=planner").run(context -> {
            String agentId = context.getBean(DefaultMessageBus.class).agentId();
            assertThat(agentId).startsWith("planner-").hasSize("planner-".length() + 8);
        });
    }

    @Test
    void agentIdCanBeSetExplicitly() {
        contextRunner.withPropertyValues("amb.agent.id=worker-7")
            .run(context -> assertThat(context.getBean(DefaultMessageBus.class).agentId()).isEqualTo("worker-7"));
    }

    @Test
    void applicationNameIsMadeIntoAValidAgentId() {
        contextRunner.withPropertyValues("spring.application.name=Order Planner (EU)")
            .run(context -> assertThat(context.getBean(DefaultMessageBus.class).agentId()).startsWith("Order-Planner--EU--"));
    }

    @Test
    void invalidAgentIdFailsStartUpNamingTheRule() {
        contextRunner.withPropertyValues("amb.agent.id=my agent").run(context -> {
            assertThat(context).hasFailed();
            InvalidAmbPropertyException cause = invalidProperty(context.getStartupFailure());
            assertThat(cause.property()).isEqualTo("amb.agent.id");
            assertThat(cause.getMessage()).contains("'my agent'", "letters, digits and . _ - : @ /");
        });
    }

    @Test
    void memoryBrokerTakesItsSettingsFromProperties() {
        contextRunner
            .withPropertyValues("amb.memory.max-queue-size=5", "amb.memory.latency=2ms", "amb.memory.failure-rate=0.05",
                    "amb.shutdown-timeout=3s")
            .run(context -> {
                MemoryBroker.Settings settings = context.getBean(MemoryBroker.class).settings();
                assertThat(settings.maxQueueSize()).isEqualTo(5);
                assertThat(settings.latency()).isEqualTo(Duration.ofMillis(2));
                assertThat(settings.failureRate()).isEqualTo(0.05);
                assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
            });
    }

    @Test
    void brokerAndSerializerAcceptTheirValuesInAnyCase() {
        contextRunner.withPropertyValues("amb.broker=MEMORY", "amb.serializer=Json")
            .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MessageBus.class));
    }

    @Test
    void ambBrokerEnvironmentVariableIsHonoured() {
        contextRunner.withInitializer(context -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of("AMB_BROKER", "carrier-pigeon"))))
            .run(context -> {
                assertThat(context).hasFailed();
                InvalidAmbPropertyException cause = invalidProperty(context.getStartupFailure());
                assertThat(cause.property()).isEqualTo("amb.broker");
                assertThat(cause.value()).isEqualTo("carrier-pigeon");
                assertThat(cause.origin()).contains("AMB_BROKER");
            });
    }

    @Test
    void unknownBrokerFailsStartUpNamingTheValueAndTheValidOnes() {
        contextRunner.withPropertyValues("amb.broker=carrier-pigeon").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new AmbPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("'carrier-pigeon'", "'amb.broker'",
                    "Valid values: " + BrokerType.availableValues());
            for (BrokerType type : BrokerType.values()) {
                if (!type.isAvailable()) {
                    assertThat(analysis.getDescription()).doesNotContain(type.value());
                }
            }
            assertThat(analysis.getAction()).contains("amb.broker", "memory");
        });
    }

    @Test
    void unknownSerializerFailsStartUpNamingTheValueAndTheValidOnes() {
        contextRunner.withPropertyValues("amb.serializer=yaml").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new AmbPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'yaml'", "'amb.serializer'", "json, msgpack, protobuf");
        });
    }

    @Test
    void brokerWhoseClientLibraryIsMissingFailsStartUpNamingTheDependency() {
        contextRunner.withPropertyValues("amb.broker=nats")
            .withClassLoader(new FilteredClassLoader("io.nats"))
            .run(context -> {
                assertThat(context).hasFailed();
                InvalidAmbPropertyException cause = invalidProperty(context.getStartupFailure());
                assertThat(cause.getMessage()).contains("needs its client library on the class path: add io.nats:jnats");
            });
    }

    @Test
    void serializerWhoseLibraryIsMissingFailsStartUpSayingWhich() {
        contextRunner.withClassLoader(new FilteredClassLoader("com.fasterxml.jackson.databind", "tools.jackson.databind"))
            .run(context -> {
                assertThat(context).hasFailed();
                InvalidAmbPropertyException cause = invalidProperty(context.getStartupFailure());
                assertThat(cause.getMessage()).contains("no json serializer is available",
                        "spring-boot-starter-json", "tools.jackson.core:jackson-databind");
            });
    }

    @Test
    void jsonUsesTheApplicationsJackson3MapperAsOnSpringBoot4() {
        tools.jackson.databind.json.JsonMapper applicationMapper = tools.jackson.databind.json.JsonMapper.builder().build();
        contextRunner.withBean(tools.jackson.databind.json.JsonMapper.class, () -> applicationMapper).run(context -> {
            JsonMessageSerializer serializer = context.getBean(JsonMessageSerializer.class);
            assertThat(serializer.jacksonLine()).isEqualTo("Jackson 3");
            assertThat(serializer.mapper()).isSameAs(applicationMapper);
        });
    }

    @Test
    void jsonDefaultIsJackson3WhenJackson2ComesWithoutItsJavaTimeModule() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class))
            // MessagePack off too: its default mapper would find the hidden module's service entry
            .withClassLoader(new FilteredClassLoader("com.fasterxml.jackson.datatype.jsr310", "org.msgpack"))
            .run(context -> assertThat(context.getBean(JsonMessageSerializer.class).jacksonLine()).isEqualTo("Jackson 3"));
    }

    @Test
    void jsonDefaultIsJackson2AsSpringBoot35BringsIt() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class))
            .run(context -> assertThat(context.getBean(JsonMessageSerializer.class).jacksonLine()).isEqualTo("Jackson 2"));
    }

    @Test
    void jsonFallsBackToAJackson3DefaultMapperWithoutJackson2() {
        contextRunner.withClassLoader(new FilteredClassLoader("com.fasterxml.jackson.databind"))
            .run(context -> assertThat(context.getBean(JsonMessageSerializer.class).jacksonLine()).isEqualTo("Jackson 3"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBus() {
        contextRunner.withUserConfiguration(CustomBusConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(MessageBus.class);
            assertThat(context.getBean(MessageBus.class)).isSameAs(context.getBean("customBus"));
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBroker() {
        contextRunner.withUserConfiguration(CustomBrokerConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(Broker.class);
            assertThat(context.getBean(DefaultMessageBus.class).broker()).isSameAs(context.getBean("customBroker"));
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnJsonSerializer() {
        contextRunner.withUserConfiguration(CustomSerializerConfiguration.class)
            .run(context -> assertThat(context).hasSingleBean(JsonMessageSerializer.class)
                .getBean(JsonMessageSerializer.class)
                .isSameAs(context.getBean("customSerializer")));
    }

    @Test
    void customizersAdjustTheBusBeforeItIsBuilt() {
        contextRunner.withBean(AmbMessageBusCustomizer.class, () -> builder -> builder.agentId("customized"))
            .run(context -> assertThat(context.getBean(DefaultMessageBus.class).agentId()).isEqualTo("customized"));
    }

    @Test
    void closingTheContextClosesTheBusAndTheBroker() {
        contextRunner.run(context -> {
            DefaultMessageBus bus = context.getBean(DefaultMessageBus.class);
            MemoryBroker broker = context.getBean(MemoryBroker.class);
            context.close();
            assertThat(bus.isClosed()).isTrue();
            assertThat(broker.isClosed()).isTrue();
        });
    }

    private static InvalidAmbPropertyException invalidProperty(Throwable failure) {
        Throwable current = failure;
        while (current != null && !(current instanceof InvalidAmbPropertyException)) {
            current = current.getCause();
        }
        assertThat(current).as("cause chain of %s", failure).isInstanceOf(InvalidAmbPropertyException.class);
        return (InvalidAmbPropertyException) current;
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomBusConfiguration {

        @Bean(destroyMethod = "close")
        DefaultMessageBus customBus() {
            return DefaultMessageBus.builder(new MemoryBroker()).serializer(new JsonMessageSerializer()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomBrokerConfiguration {

        @Bean
        MemoryBroker customBroker() {
            return new MemoryBroker();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomSerializerConfiguration {

        @Bean
        JsonMessageSerializer customSerializer() {
            return new JsonMessageSerializer();
        }
    }
}
