package dev.amb.autoconfigure;

import java.util.EnumMap;
import java.util.Map;

/**
 * Maps each {@link BrokerType} to the package-private configuration class that creates its
 * broker, as Spring Boot's cache support maps {@code CacheType}s.
 */
final class BrokerConfigurations {

    private static final Map<BrokerType, String> MAPPINGS = new EnumMap<>(BrokerType.class);

    static {
        MAPPINGS.put(BrokerType.MEMORY, MemoryBrokerConfiguration.class.getName());
        MAPPINGS.put(BrokerType.REDIS, RedisBrokerConfiguration.class.getName());
        MAPPINGS.put(BrokerType.NATS, NatsBrokerConfiguration.class.getName());
        MAPPINGS.put(BrokerType.SQS, SqsBrokerConfiguration.class.getName());
        MAPPINGS.put(BrokerType.KAFKA, KafkaBrokerConfiguration.class.getName());
        MAPPINGS.put(BrokerType.RABBIT, RabbitBrokerConfiguration.class.getName());
    }

    private BrokerConfigurations() {
    }

    static String[] configurationClasses() {
        return MAPPINGS.values().toArray(String[]::new);
    }

    static BrokerType typeOf(String configurationClassName) {
        return MAPPINGS.entrySet()
            .stream()
            .filter(entry -> entry.getValue().equals(configurationClassName))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("Unknown broker configuration " + configurationClassName));
    }
}
