package dev.amb.autoconfigure;

import io.lettuce.core.RedisClient;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.amb.broker.redis.RedisBroker;
import dev.amb.broker.redis.RedisBrokerSettings;
import dev.amb.broker.redis.RedisConnector;
import dev.amb.spi.Broker;

/**
 * The Redis broker, when {@code amb.broker} is {@code redis}: on Spring Data Redis and Lettuce,
 * through the application's connection factory unless {@code amb.redis.url} or
 * {@code amb.redis.cluster-nodes} asks for a connection of AMB's own (see
 * {@link RedisBrokerConnections}). Without Lettuce and Spring Data Redis on the class path,
 * start-up fails saying which dependency to add.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerCondition.class)
class RedisBrokerConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ RedisClient.class, RedisConnectionFactory.class })
    static class LettuceRedisBrokerConfiguration {

        @Bean
        @ConditionalOnMissingBean(Broker.class)
        RedisBroker ambRedisBroker(AmbProperties properties, ObjectProvider<RedisConnectionFactory> connectionFactory,
                ListableBeanFactory beanFactory) {
            RedisConnector connector = RedisBrokerConnections.connector(properties.getRedis(),
                    connectionFactory.getIfUnique(), beanFactory.getBeanNamesForType(RedisConnectionFactory.class));
            try {
                return new RedisBroker(connector, settings(properties));
            }
            catch (RuntimeException ex) {
                connector.close();
                throw ex;
            }
        }

        @Bean
        @ConditionalOnMissingBean
        RedisBrokerLifecycle ambRedisBrokerLifecycle(ObjectProvider<RedisBroker> broker,
                ObjectProvider<RedisConnectionFactory> connectionFactory) {
            return new RedisBrokerLifecycle(broker, connectionFactory);
        }

        static RedisBrokerSettings settings(AmbProperties properties) {
            RedisBrokerProperties redis = properties.getRedis();
            RedisBrokerSettings.Builder settings = RedisBrokerSettings.builder();
            PropertyMapping map = new PropertyMapping();
            map.from(redis::isUseStreams).to(settings::useStreams);
            map.from(redis::getStreamMaxLen).to(settings::streamMaxLen);
            map.from(redis::getKeyPrefix).to(settings::keyPrefix);
            map.from(redis::getConsumerGroup).to(settings::consumerGroup);
            map.from(redis::getPoolSize).to(settings::poolSize);
            map.from(redis::getCommandTimeout).to(settings::commandTimeout);
            map.from(redis::getDiscoveryInterval).to(settings::discoveryInterval);
            map.from(redis::getClaimIdleTime).to(settings::claimIdleTime);
            map.from(redis::getGroupClaimTtl).to(settings::groupClaimTtl);
            map.from(redis::getQueueCapacity).to(settings::queueCapacity);
            map.from(redis::getPrefetch).to(settings::prefetch);
            map.from(properties::getShutdownTimeout).to(settings::shutdownGrace);
            return settings.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(RedisClientMissing.class)
    static class MissingRedisClientConfiguration {

        @Bean
        @ConditionalOnMissingBean(Broker.class)
        Broker ambRedisBroker() {
            throw new InvalidAmbPropertyException(AmbChoices.BROKER_PROPERTY, BrokerType.REDIS.value(), null,
                    "the Redis broker needs Spring Data Redis and Lettuce on the class path (add"
                            + " org.springframework.boot:spring-boot-starter-data-redis)",
                    BrokerType.availableValues());
        }
    }

    /** Lettuce or Spring Data Redis is missing. */
    static class RedisClientMissing extends AnyNestedCondition {

        RedisClientMissing() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnMissingClass("io.lettuce.core.RedisClient")
        static class LettuceMissing {
        }

        @ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
        static class SpringDataRedisMissing {
        }
    }
}
