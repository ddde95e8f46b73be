package dev.amb.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import dev.amb.serialization.JsonMessageSerializer;
import dev.amb.serialization.MessagePackMessageSerializer;

/**
 * The MessagePack serializer, when {@code jackson-dataformat-msgpack} is on the class path, with
 * the data binding of the application's {@link ObjectMapper} when there is one. It writes when
 * {@code amb.serializer=msgpack} and reads MessagePack messages whatever that setting.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ MessagePackFactory.class, ObjectMapper.class })
class MessagePackSerializerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessagePackMessageSerializer ambMessagePackMessageSerializer(ObjectProvider<ObjectMapper> objectMapper) {
        return new MessagePackMessageSerializer(objectMapper.getIfAvailable(JsonMessageSerializer::defaultObjectMapper));
    }
}
