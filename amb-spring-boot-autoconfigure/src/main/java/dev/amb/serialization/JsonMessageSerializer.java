package dev.amb.serialization;

import java.lang.reflect.Type;

import dev.amb.spi.MessageSerializer;

/**
 * JSON through Jackson, content type {@code application/json}, on either Jackson line: Jackson 3
 * ({@code tools.jackson}, what Spring Boot 4 configures) or Jackson 2
 * ({@code com.fasterxml.jackson}, Spring Boot 3.5). In a Spring Boot application it uses the
 * application's own mapper, so the same modules and settings apply to messages as to HTTP. Both
 * lines write the same JSON for the same value with AMB's default mappers, and each reads the
 * other's (a message written by a Boot 3.5 agent is read by a Boot 4 agent, and back). Also reads
 * any {@code +json} media type (such as {@code application/cloudevents+json} data).
 *
 * <p>Only the line in use is loaded: this class names no Jackson type (not even in a method
 * signature, which reflection on the class, as Spring's bean post-processors do, would load), so it
 * runs without Jackson 2 on Spring Boot 4; {@link Jackson2Json} holds what needs Jackson 2,
 * {@link Jackson3Json} what needs Jackson 3, and {@link #JsonMessageSerializer()} takes whichever
 * is on the class path.
 *
 * <p>Thread safe (Jackson mappers are).
 *
 * @since 0.1.0
 */
public class JsonMessageSerializer implements MessageSerializer {

    /** The media type written. */
    public static final String CONTENT_TYPE = "application/json";

    private static final String JACKSON2 = "com.fasterxml.jackson.databind.ObjectMapper";

    private static final String JACKSON2_JAVA_TIME = "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule";

    private static final String JACKSON3 = "tools.jackson.databind.json.JsonMapper";

    private final JsonBinding binding;

    /**
     * Creates a serializer on a default mapper: {@link Jackson2Json#defaultObjectMapper()} when Jackson 2 is
     * on the class path as Spring Boot 3.5 brings it (databind with the Java time module), else
     * {@link Jackson3Json#defaultJsonMapper()} when Jackson 3 is (Spring Boot 4: a Jackson 2 databind
     * that some other library drags in, without the Java time module, is not used), else
     * {@link Jackson2Json#defaultObjectMapper()}.
     * @throws IllegalStateException when neither Jackson line is on the class path
     */
    public JsonMessageSerializer() {
        this(defaultBinding(JsonMessageSerializer.class.getClassLoader()));
    }

    JsonMessageSerializer(JsonBinding binding) {
        this.binding = binding;
    }

    /**
     * A serializer on the default mapper of the Jackson line a class loader sees, chosen as
     * {@link #JsonMessageSerializer()} chooses.
     * @param classLoader the application's class loader
     * @return the serializer
     * @throws IllegalStateException when neither Jackson line is on the class path
     */
    public static JsonMessageSerializer onDefaultMapper(ClassLoader classLoader) {
        return new JsonMessageSerializer(defaultBinding(classLoader));
    }

    private static JsonBinding defaultBinding(ClassLoader classLoader) {
        boolean jackson2 = isPresent(JACKSON2, classLoader);
        if (jackson2 && isPresent(JACKSON2_JAVA_TIME, classLoader)) {
            return new Jackson2JsonBinding(Jackson2JsonBinding.defaultMapper());
        }
        if (isPresent(JACKSON3, classLoader)) {
            return new Jackson3JsonBinding(Jackson3JsonBinding.defaultMapper());
        }
        if (jackson2) {
            return new Jackson2JsonBinding(Jackson2JsonBinding.defaultMapper());
        }
        throw new IllegalStateException("The JSON serializer needs Jackson on the class path: add"
                + " tools.jackson.core:jackson-databind (Jackson 3, Spring Boot 4) or"
                + " com.fasterxml.jackson.core:jackson-databind (Jackson 2)");
    }

    private static boolean isPresent(String className, ClassLoader classLoader) {
        try {
            Class.forName(className, false, classLoader);
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /**
     * @return the mapper in use: a Jackson 3 {@code tools.jackson.databind.json.JsonMapper} or a
     *     Jackson 2 {@code com.fasterxml.jackson.databind.ObjectMapper}
     */
    public Object mapper() {
        return binding.mapper();
    }

    /** @return {@code "Jackson 2"} or {@code "Jackson 3"}: the Jackson line in use */
    public String jacksonLine() {
        return binding.line();
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public boolean canRead(String contentType) {
        String base = MessageSerializer.baseType(contentType);
        return base.equals(CONTENT_TYPE) || base.equals("text/json") || base.endsWith("+json");
    }

    @Override
    public byte[] serialize(Object data) {
        return binding.write(data);
    }

    @Override
    public Object deserialize(byte[] data, Type type) {
        return binding.read(data, type);
    }
}
