package dev.amb.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.amb.serialization.Jackson2Json;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * The JSON serializer on Jackson 2. {@link JsonSerializerConfiguration} calls it only when
 * Jackson 2's databind is on the class path.
 */
final class Jackson2JsonSerializers {

    private Jackson2JsonSerializers() {
    }

    /**
     * @param beanFactory the application's beans
     * @return a serializer on the application's {@link ObjectMapper}, or {@code null} when it has none
     */
    static JsonMessageSerializer onApplicationMapper(ListableBeanFactory beanFactory) {
        ObjectMapper mapper = beanFactory.getBeanProvider(ObjectMapper.class).getIfAvailable();
        return mapper != null ? Jackson2Json.serializer(mapper) : null;
    }
}
