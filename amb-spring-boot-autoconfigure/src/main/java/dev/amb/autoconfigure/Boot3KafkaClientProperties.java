package dev.amb.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;

/**
 * The client properties of a Spring Boot 3.5 application's Kafka configuration: Boot's admin
 * properties (servers, client id, security, SSL bundles, {@code spring.kafka.properties.*}), its
 * consumer's extra properties, and a service connection's bootstrap servers. The only class that
 * names Boot 3's {@code org.springframework.boot.autoconfigure.kafka} types, which Boot 4 moved:
 * {@link KafkaBrokerConfiguration} calls it only when they are on the class path.
 */
final class Boot3KafkaClientProperties {

    private Boot3KafkaClientProperties() {
    }

    /**
     * @param beanFactory the application's beans
     * @return the properties; empty when the application has no Boot Kafka configuration
     */
    static Map<String, Object> of(ListableBeanFactory beanFactory) {
        KafkaProperties boot = beanFactory.getBeanProvider(KafkaProperties.class).getIfAvailable();
        KafkaConnectionDetails details = beanFactory.getBeanProvider(KafkaConnectionDetails.class).getIfAvailable();
        SslBundles sslBundles = beanFactory.getBeanProvider(SslBundles.class).getIfAvailable();
        Map<String, Object> client = new HashMap<>();
        if (boot != null) {
            client.putAll(boot.buildAdminProperties(sslBundles));
            client.putAll(boot.getConsumer().getProperties());
            if (boot.getClientId() != null) {
                client.put(CommonClientConfigs.CLIENT_ID_CONFIG, boot.getClientId());
            }
        }
        if (details != null) {
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", details.getAdmin().getBootstrapServers()));
        }
        return client;
    }
}
