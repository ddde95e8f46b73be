package dev.amb.autoconfigure;

import java.util.Locale;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code amb.broker} to {@link BrokerType} with the same relaxed spelling that
 * {@link AmbChoices} accepts (case, {@code -} and {@code _} ignored), including {@code rabbitmq}
 * for {@link BrokerType#RABBIT}.
 */
final class BrokerTypeConverter implements Converter<String, BrokerType> {

    @Override
    public BrokerType convert(String source) {
        String normalized = source.trim().replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
        return normalized.equals("RABBITMQ") ? BrokerType.RABBIT : BrokerType.valueOf(normalized);
    }
}
