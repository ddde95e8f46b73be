package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.amb.AmbException;
import dev.amb.MessageBus;
import dev.amb.broker.memory.MemoryBroker;
import dev.amb.broker.redis.RedisBroker;
import dev.amb.broker.redis.RedisBrokerSettings;
import dev.amb.broker.redis.RedisTestSupport;
import dev.amb.kit.RequiresRedis;
import dev.amb.spi.Broker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amb.broker=redis} against the local Redis: which connection the broker uses, how the
 * {@code amb.redis.*} properties and environment variables reach it, and how start-up fails.
 */
@RequiresRedis
class RedisBrokerAutoConfigurationIntegrationTests {

    private static final String KEY_PREFIX = RedisTestSupport.uniqueKeyPrefix();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RedisAutoConfiguration.class,
                AmbAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
                "amb.shutdown-timeout=2s");

    @Test
    void usesTheApplicationsConnectionFactoryWhenNoUrlIsSet() {
        contextRunner.withPropertyValues("amb.broker=redis").run(context -> {
            RedisBroker broker = context.getBean(RedisBroker.class);
            assertThat(broker.connector().isOwned()).isFalse();
            assertThat(broker.connector().description()).contains("LettuceConnectionFactory", "127.0.0.1:6379");
            assertThat(broker.capabilities().durable()).isFalse();
            assertRoundTrip(context.getBean(MessageBus.class));
        });
    }

    @Test
    void opensAConnectionOfItsOwnWhenAmbRedisUrlIsSet() {
        // the application's factory points nowhere: only AMB's own connection can work
        contextRunner.withPropertyValues("amb.broker=redis", "amb.redis.url=redis://127.0.0.1:6379",
                "spring.data.redis.port=1").run(context -> {
                    RedisBroker broker = context.getBean(RedisBroker.class);
                    assertThat(broker.connector().isOwned()).isTrue();
                    assertThat(broker.connector().description()).contains("127.0.0.1");
                    assertRoundTrip(context.getBean(MessageBus.class));
                });
    }

    @Test
    void ambEnvironmentVariablesStartAWorkingStreamsBus() {
        contextRunner.withInitializer(context -> context.getEnvironment().getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    Map.of("AMB_BROKER", "redis", "AMB_REDIS_URL", "redis://127.0.0.1:6379", "AMB_REDIS_USE_STREAMS",
                            "true", "AMB_REDIS_KEY_PREFIX", KEY_PREFIX))))
            .run(context -> {
                RedisBroker broker = context.getBean(RedisBroker.class);
                assertThat(broker.connector().isOwned()).isTrue();
                assertThat(broker.capabilities().durable()).isTrue();
                assertRoundTrip(context.getBean(MessageBus.class));
            });
    }

    @Test
    void redisPropertiesReachTheBrokerSettings() {
        contextRunner.withPropertyValues("amb.broker=redis", "amb.redis.use-streams=true", "amb.redis.stream-max-len=500",
                "amb.redis.key-prefix=custom:", "amb.redis.consumer-group=team", "amb.redis.pool-size=2",
                "amb.redis.command-timeout=3s", "amb.redis.discovery-interval=250ms", "amb.redis.claim-idle-time=45s",
                "amb.redis.group-claim-ttl=20s", "amb.redis.queue-capacity=50", "amb.redis.prefetch=32").run(context -> {
                    RedisBrokerSettings settings = context.getBean(RedisBroker.class).settings();
                    assertThat(settings).isEqualTo(RedisBrokerSettings.builder().useStreams(true).streamMaxLen(500)
                        .keyPrefix("custom:").consumerGroup("team").poolSize(2).commandTimeout(Duration.ofSeconds(3))
                        .discoveryInterval(Duration.ofMillis(250)).claimIdleTime(Duration.ofSeconds(45))
                        .groupClaimTtl(Duration.ofSeconds(20)).queueCapacity(50).prefetch(32)
                        .shutdownGrace(Duration.ofSeconds(2)).build());
                });
    }

    @Test
    void propertyDefaultsAreTheBrokerDefaults() {
        RedisBrokerSettings fromProperties = RedisBrokerConfiguration.LettuceRedisBrokerConfiguration
            .settings(new AmbProperties());
        assertThat(fromProperties).isEqualTo(RedisBrokerSettings.defaults());
    }

    @Test
    void closingTheContextClosesABorrowingBrokerBeforeTheConnectionFactoryStops() {
        contextRunner.withPropertyValues("amb.broker=redis").run(context -> {
            RedisBroker broker = context.getBean(RedisBroker.class);
            LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
            assertThat(context.getBean(RedisBrokerLifecycle.class).getPhase()).isGreaterThan(factory.getPhase());
            context.close();
            assertThat(broker.isClosed()).isTrue();
        });
    }

    @Test
    void unreachableRedisFailsStartUpNamingTheAddress() {
        contextRunner.withPropertyValues("amb.broker=redis", "amb.redis.url=redis://127.0.0.1:1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isNotNull();
            assertThat(cause(context.getStartupFailure(), AmbException.class)).hasMessageContaining("127.0.0.1:1");
        });
    }

    @Test
    void invalidUrlFailsStartUpNamingTheProperty() {
        contextRunner.withPropertyValues("amb.broker=redis", "amb.redis.url=http://redis:6379").run(context -> {
            assertThat(context).hasFailed();
            InvalidAmbPropertyException cause = cause(context.getStartupFailure(), InvalidAmbPropertyException.class);
            assertThat(cause.property()).isEqualTo("amb.redis.url");
            assertThat(cause.value()).isEqualTo("http://redis:6379");
        });
    }

    @Test
    void anInvalidUrlIsEchoedWithoutItsCredentials() {
        contextRunner.withPropertyValues("amb.broker=redis", "amb.redis.url=http://agent:s3cret-pw@redis:6379")
            .run(context -> {
                assertThat(context).hasFailed();
                InvalidAmbPropertyException cause = cause(context.getStartupFailure(),
                        InvalidAmbPropertyException.class);
                assertThat(cause.property()).isEqualTo("amb.redis.url");
                assertThat(cause.value()).isEqualTo("http://***@redis:6379");
                assertThat(messages(context.getStartupFailure())).doesNotContain("s3cret-pw");
            });
    }

    @Test
    void anUnreachableUrlWithCredentialsFailsWithoutPrintingThem() {
        contextRunner.withPropertyValues("amb.broker=redis", "amb.redis.url=redis://agent:s3cret-pw@127.0.0.1:1")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(messages(context.getStartupFailure())).contains("127.0.0.1").doesNotContain("s3cret-pw");
            });
    }

    @Test
    void twoConnectionFactoriesAndNoUrlFailStartUpNamingThem() {
        contextRunner.withPropertyValues("amb.broker=redis")
            .withBean("cacheRedis", LettuceConnectionFactory.class, () -> new LettuceConnectionFactory("127.0.0.1", 6379))
            .withBean("sessionRedis", LettuceConnectionFactory.class,
                    () -> new LettuceConnectionFactory("127.0.0.1", 6379))
            .run(context -> {
                assertThat(context).hasFailed();
                InvalidAmbPropertyException cause = cause(context.getStartupFailure(),
                        InvalidAmbPropertyException.class);
                assertThat(cause.property()).isEqualTo("amb.redis.url");
                assertThat(cause).hasMessageContaining("cacheRedis").hasMessageContaining("sessionRedis")
                    .hasMessageContaining("@Primary");
            });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    @Test
    void missingLettuceFailsStartUpSayingWhichDependencyToAdd() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(RedisClient.class))
            .withPropertyValues("amb.broker=redis")
            .run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new AmbPropertyFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("spring-boot-starter-data-redis");
            });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBroker() {
        contextRunner.withPropertyValues("amb.broker=redis").withBean(MemoryBroker.class, MemoryBroker::new)
            .run(context -> assertThat(context).hasSingleBean(Broker.class).doesNotHaveBean(RedisBroker.class));
    }

    @AfterAll
    static void deleteStreams() {
        RedisTestSupport.deleteKeys(KEY_PREFIX);
    }

    private static void assertRoundTrip(MessageBus bus) {
        String topic = "autoconfig" + UUID.randomUUID().toString().replace("-", "") + ".hello";
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe(topic, String.class, message -> received.add(message.data()));
        bus.publish(topic, "world").join();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.equals(List.of("world")));
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        Throwable current = failure;
        while (current != null && !type.isInstance(current)) {
            current = current.getCause();
        }
        assertThat(current).as("cause chain of %s", failure).isInstanceOf(type);
        return type.cast(current);
    }
}
