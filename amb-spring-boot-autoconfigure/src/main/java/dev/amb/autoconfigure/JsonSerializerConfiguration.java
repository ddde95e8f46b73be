package dev.amb.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.amb.serialization.JsonMessageSerializer;

/**
 * The JSON serializer, on the application's {@link ObjectMapper} when there is one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ObjectMapper.class)
class JsonSerializerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JsonMessageSerializer ambJsonMessageSerializer(ObjectProvider<ObjectMapper> objectMapper) {
        return new JsonMessageSerializer(objectMapper.getIfAvailable(JsonMessageSerializer::defaultObjectMapper));
    }
}
