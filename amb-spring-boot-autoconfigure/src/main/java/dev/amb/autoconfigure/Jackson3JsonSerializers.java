package dev.amb.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;

import tools.jackson.databind.json.JsonMapper;

import dev.amb.serialization.Jackson3Json;
import dev.amb.serialization.JsonMessageSerializer;

/**
 * The JSON serializer on Jackson 3. The only auto-configuration class that names a Jackson 3
 * type: {@link JsonSerializerConfiguration} calls it only when Jackson 3 is on the class path.
 */
final class Jackson3JsonSerializers {

    private Jackson3JsonSerializers() {
    }

    /**
     * @param beanFactory the application's beans
     * @return a serializer on the application's {@link JsonMapper}, or {@code null} when it has none
     */
    static JsonMessageSerializer onApplicationMapper(ListableBeanFactory beanFactory) {
        JsonMapper mapper = beanFactory.getBeanProvider(JsonMapper.class).getIfAvailable();
        return mapper != null ? Jackson3Json.serializer(mapper) : null;
    }
}
