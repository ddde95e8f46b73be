package dev.amb.serialization;

import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON serializer on Jackson 3 ({@code tools.jackson}, what Spring Boot 4 configures). Its
 * own class, so that the Jackson 3 types it names are loaded only by applications that have
 * Jackson 3: {@link JsonMessageSerializer} itself runs on either line.
 *
 * <pre>{@code
 * MessageSerializer json = Jackson3Json.serializer(applicationJsonMapper);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Jackson3Json {

    private Jackson3Json() {
    }

    /**
     * @param jsonMapper the mapper (the application's, normally)
     * @return a JSON serializer on it
     */
    public static JsonMessageSerializer serializer(JsonMapper jsonMapper) {
        return new JsonMessageSerializer(new Jackson3JsonBinding(jsonMapper));
    }

    /**
     * A Jackson 3 mapper that writes what {@link Jackson2Json#defaultObjectMapper()}
     * writes with Jackson 2: ISO-8601 dates, properties in declaration order, no failure on
     * unknown properties.
     * @return a new mapper
     */
    public static JsonMapper defaultJsonMapper() {
        return Jackson3JsonBinding.defaultMapper();
    }
}
