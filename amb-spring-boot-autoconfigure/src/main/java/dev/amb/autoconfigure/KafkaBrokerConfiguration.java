package dev.amb.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.SaslConfigs;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.util.StringUtils;

import dev.amb.broker.kafka.KafkaBroker;
import dev.amb.broker.kafka.KafkaBrokerSettings;
import dev.amb.spi.Broker;

/**
 * The Kafka broker, when {@code amb.broker} is {@code kafka}: a {@link KafkaBroker} on the
 * application's Spring Boot Kafka configuration ({@code spring.kafka.*}: bootstrap servers,
 * security, SSL bundles, client id, {@code spring.kafka.properties.*}, or a service connection's
 * {@code KafkaConnectionDetails}), with {@code amb.kafka.*} on top: {@code amb.kafka.brokers}
 * overrides the servers, the SASL settings override Boot's. Runs on Spring Boot 3.5 and 4: Boot's
 * own Kafka types are named only in {@link Boot3KafkaClientProperties}, used when they are there.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerCondition.class)
@ConditionalOnClass({ KafkaConsumer.class, org.springframework.kafka.core.KafkaTemplate.class })
class KafkaBrokerConfiguration {

    static final String BOOT3_KAFKA_PROPERTIES = "org.springframework.boot.autoconfigure.kafka.KafkaProperties";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Broker.class)
    KafkaBroker ambKafkaBroker(AmbProperties properties, ListableBeanFactory beanFactory) {
        Map<String, Object> client = clientProperties(properties.getKafka(), bootClientProperties(beanFactory));
        return new KafkaBroker(settings(properties, client));
    }

    /**
     * The client properties of the application's Spring Boot Kafka configuration: on Boot 3.5 from
     * its {@code KafkaProperties} and {@code KafkaConnectionDetails} ({@link Boot3KafkaClientProperties});
     * on Boot 4, which moved those types, from the {@link KafkaAdmin} its Kafka auto-configuration
     * creates (a spring-kafka type on both lines).
     */
    private static Map<String, Object> bootClientProperties(ListableBeanFactory beanFactory) {
        if (ClassPresence.isPresent(BOOT3_KAFKA_PROPERTIES, beanFactory)) {
            return Boot3KafkaClientProperties.of(beanFactory);
        }
        KafkaAdmin admin = beanFactory.getBeanProvider(KafkaAdmin.class).getIfUnique();
        return admin != null ? admin.getConfigurationProperties() : Map.of();
    }

    static Map<String, Object> clientProperties(KafkaProperties kafka, Map<String, Object> boot) {
        Map<String, Object> client = new HashMap<>(boot);
        client.putAll(kafka.getProperties());
        PropertyMapping map = new PropertyMapping();
        map.from(kafka::getBrokers).whenHasText()
            .to(brokers -> client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers));
        map.from(kafka::getClientId).whenHasText().to(id -> client.put(CommonClientConfigs.CLIENT_ID_CONFIG, id));
        map.from(kafka::getSecurityProtocol).whenHasText()
            .to(protocol -> client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol));
        map.from(kafka::getSaslMechanism).whenHasText().to(mechanism -> client.put(SaslConfigs.SASL_MECHANISM, mechanism));
        if (StringUtils.hasText(kafka.getSaslUsername()) && kafka.getSaslPassword() != null) {
            client.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(kafka));
        }
        client.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        Object servers = client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers instanceof List<?> list) {
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    String.join(",", list.stream().map(String::valueOf).toList()));
        }
        return client;
    }

    private static String jaas(KafkaProperties kafka) {
        String mechanism = kafka.getSaslMechanism() != null ? kafka.getSaslMechanism().toUpperCase(Locale.ROOT) : "PLAIN";
        String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return module + " required username=\"" + escape(kafka.getSaslUsername()) + "\" password=\""
                + escape(kafka.getSaslPassword()) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static KafkaBrokerSettings settings(AmbProperties properties, Map<String, Object> client) {
        KafkaProperties kafka = properties.getKafka();
        try {
            return KafkaBrokerSettings.builder(client)
                .topicPrefix(kafka.getTopicPrefix())
                .partitions(kafka.getPartitions())
                .replicationFactor(kafka.getReplicationFactor())
                .topicDiscoveryInterval(kafka.getTopicDiscoveryInterval())
                .connectTimeout(kafka.getConnectTimeout())
                .groupIdPrefix(kafka.getGroupIdPrefix())
                .autoOffsetReset(kafka.getAutoOffsetReset() != null ? kafka.getAutoOffsetReset().toLowerCase(Locale.ROOT)
                        : null)
                .maxPollRecords(kafka.getMaxPollRecords())
                .sessionTimeout(kafka.getSessionTimeout())
                .heartbeatInterval(kafka.getHeartbeatInterval())
                .maxInFlight(kafka.getMaxInFlight())
                .inboxRetention(kafka.getInboxRetention())
                .maxRecordBytes((int) Math.min(Integer.MAX_VALUE, kafka.getMaxRecordSize().toBytes()))
                .shutdownTimeout(properties.getShutdownTimeout())
                .build();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Invalid amb.kafka.* setting: " + ex.getMessage(), ex);
        }
    }
}
