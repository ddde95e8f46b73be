package dev.amb.autoconfigure;

import java.util.Locale;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Reads and validates the enumerated {@code amb.*} choices ({@code amb.broker},
 * {@code amb.serializer}) straight from the {@link Environment}, with relaxed binding (so
 * {@code AMB_BROKER} works) and the value's origin for error messages. Used by conditions, which
 * run before any {@code @ConfigurationProperties} bean is bound.
 */
final class AmbChoices {

    static final String BROKER_PROPERTY = "amb.broker";

    static final String SERIALIZER_PROPERTY = "amb.serializer";

    private AmbChoices() {
    }

    static BrokerType broker(Environment environment) {
        RawValue raw = read(environment, BROKER_PROPERTY);
        if (raw == null) {
            return BrokerType.MEMORY;
        }
        for (BrokerType type : BrokerType.values()) {
            if (type.name().equals(normalize(raw.value())) || (type == BrokerType.RABBIT && normalize(raw.value()).equals("RABBITMQ"))) {
                if (!type.isAvailable()) {
                    throw new InvalidAmbPropertyException(BROKER_PROPERTY, raw.value(), raw.origin(),
                            "the " + type.value() + " adapter is not part of this version of AMB",
                            BrokerType.availableValues());
                }
                return type;
            }
        }
        throw new InvalidAmbPropertyException(BROKER_PROPERTY, raw.value(), raw.origin(), "no such broker",
                BrokerType.availableValues());
    }

    static SerializerType serializer(Environment environment) {
        RawValue raw = read(environment, SERIALIZER_PROPERTY);
        if (raw == null) {
            return SerializerType.JSON;
        }
        for (SerializerType type : SerializerType.values()) {
            if (type.name().equals(normalize(raw.value()))) {
                return type;
            }
        }
        throw new InvalidAmbPropertyException(SERIALIZER_PROPERTY, raw.value(), raw.origin(), "no such serializer",
                SerializerType.allValues());
    }

    private static String normalize(String value) {
        return value.trim().replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
    }

    private static RawValue read(Environment environment, String property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty candidate = source.getConfigurationProperty(name);
            if (candidate != null && candidate.getValue() != null) {
                String value = environment.resolvePlaceholders(String.valueOf(candidate.getValue()));
                if (value.isBlank()) {
                    return null;
                }
                Origin origin = candidate.getOrigin();
                return new RawValue(value, origin != null ? origin.toString() : null);
            }
        }
        return null;
    }

    private record RawValue(String value, String origin) {
    }
}
