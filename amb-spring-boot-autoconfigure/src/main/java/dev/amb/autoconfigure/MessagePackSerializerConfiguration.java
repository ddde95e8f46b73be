package dev.amb.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import dev.amb.serialization.Jackson2Json;
import dev.amb.serialization.MessagePackMessageSerializer;

/**
 * The MessagePack serializer, when {@code jackson-dataformat-msgpack} is on the class path, with
 * the data binding of the application's Jackson 2 {@link ObjectMapper} when there is one (the
 * MessagePack library supports only Jackson 2, which it brings; on Spring Boot 4 the application's
 * Jackson 3 mapper is not used). It writes when {@code amb.serializer=msgpack} and reads
 * MessagePack messages whatever that setting.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ MessagePackFactory.class, ObjectMapper.class })
class MessagePackSerializerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessagePackMessageSerializer ambMessagePackMessageSerializer(ObjectProvider<ObjectMapper> objectMapper) {
        return new MessagePackMessageSerializer(objectMapper.getIfAvailable(Jackson2Json::defaultObjectMapper));
    }
}
