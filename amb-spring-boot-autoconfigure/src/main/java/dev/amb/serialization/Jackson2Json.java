package dev.amb.serialization;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON serializer on Jackson 2 ({@code com.fasterxml.jackson}, what Spring Boot 3.5
 * configures). Its own class, so that the Jackson 2 types it names are loaded only by applications
 * that have Jackson 2: {@link JsonMessageSerializer} itself runs on either line.
 *
 * <pre>{@code
 * MessageSerializer json = Jackson2Json.serializer(applicationObjectMapper);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Jackson2Json {

    private Jackson2Json() {
    }

    /**
     * @param objectMapper the mapper (the application's, normally)
     * @return a JSON serializer on it
     */
    public static JsonMessageSerializer serializer(ObjectMapper objectMapper) {
        return new JsonMessageSerializer(new Jackson2JsonBinding(objectMapper));
    }

    /**
     * A Jackson 2 mapper configured as Spring Boot 3 configures its own: every module on the class
     * path (Java time, JDK 8 types, parameter names), ISO dates instead of timestamps, and no
     * failure on unknown properties, so that an older agent reads a newer agent's messages.
     * {@link Jackson3Json#defaultJsonMapper()} is its Jackson 3 twin.
     * @return a new mapper
     */
    public static ObjectMapper defaultObjectMapper() {
        return Jackson2JsonBinding.defaultMapper();
    }
}
