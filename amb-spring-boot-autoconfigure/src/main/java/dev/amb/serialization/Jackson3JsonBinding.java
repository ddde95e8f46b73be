package dev.amb.serialization;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.amb.MessageSerializationException;

/**
 * JSON on a Jackson 3 {@link JsonMapper} ({@code tools.jackson.databind}, what Spring Boot 4
 * configures). Loaded only when a serializer is created on Jackson 3.
 */
final class Jackson3JsonBinding implements JsonBinding {

    private final JsonMapper jsonMapper;

    Jackson3JsonBinding(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /**
     * A mapper that writes what {@link Jackson2JsonBinding#defaultMapper()} writes: ISO dates,
     * durations as seconds (Jackson 2's default; both lines read either form), properties in
     * declaration order (Jackson 3 sorts them alphabetically by default), and no failure on
     * unknown properties or on a missing or {@code null} primitive (Jackson 2's defaults). Java time, {@code Optional} and parameter names are built into Jackson 3.
     * @return a new mapper
     */
    static JsonMapper defaultMapper() {
        return JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();
    }

    @Override
    public byte[] write(Object data) {
        try {
            return jsonMapper.writeValueAsBytes(data);
        }
        catch (JacksonException ex) {
            throw new MessageSerializationException("Cannot write a " + data.getClass().getName() + " as JSON: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Object read(byte[] data, Type type) {
        JavaType javaType = jsonMapper.getTypeFactory().constructType(type);
        try {
            return jsonMapper.readValue(data, javaType);
        }
        catch (JacksonException ex) {
            throw new MessageSerializationException("Cannot read " + data.length + " bytes of JSON as "
                    + type.getTypeName() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public JsonMapper mapper() {
        return jsonMapper;
    }

    @Override
    public String line() {
        return "Jackson 3";
    }
}
