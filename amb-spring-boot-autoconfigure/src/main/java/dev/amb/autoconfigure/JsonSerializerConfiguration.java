package dev.amb.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.amb.serialization.JsonMessageSerializer;

/**
 * The JSON serializer on the application's Jackson mapper: its Jackson 3 {@code JsonMapper}
 * (Spring Boot 4) when it has one, else its Jackson 2 {@code ObjectMapper} (Spring Boot 3.5, or
 * Boot 4 with {@code spring-boot-jackson2}), else a default mapper of the line on the class path
 * ({@link JsonMessageSerializer#onDefaultMapper(ClassLoader)}). Names no Jackson type itself: each line's code is in its own class
 * ({@link Jackson3JsonSerializers}, {@link Jackson2JsonSerializers}), loaded only when that line
 * is on the class path. Without either, {@code amb.serializer=json} fails start-up naming the
 * dependency to add.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(JsonSerializerConfiguration.JacksonPresent.class)
class JsonSerializerConfiguration {

    static final String JACKSON3_MAPPER = "tools.jackson.databind.json.JsonMapper";

    static final String JACKSON2_MAPPER = "com.fasterxml.jackson.databind.ObjectMapper";

    @Bean
    @ConditionalOnMissingBean
    JsonMessageSerializer ambJsonMessageSerializer(ListableBeanFactory beanFactory) {
        if (ClassPresence.isPresent(JACKSON3_MAPPER, beanFactory)) {
            JsonMessageSerializer serializer = Jackson3JsonSerializers.onApplicationMapper(beanFactory);
            if (serializer != null) {
                return serializer;
            }
        }
        if (ClassPresence.isPresent(JACKSON2_MAPPER, beanFactory)) {
            JsonMessageSerializer serializer = Jackson2JsonSerializers.onApplicationMapper(beanFactory);
            if (serializer != null) {
                return serializer;
            }
        }
        return JsonMessageSerializer.onDefaultMapper(ClassPresence.classLoader(beanFactory));
    }

    /** Jackson 3 or Jackson 2 databind is on the class path. */
    static class JacksonPresent extends AnyNestedCondition {

        JacksonPresent() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnClass(name = JACKSON3_MAPPER)
        static class Jackson3 {
        }

        @ConditionalOnClass(name = JACKSON2_MAPPER)
        static class Jackson2 {
        }
    }
}
