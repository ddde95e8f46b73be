package dev.amb.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.google.protobuf.Message;

import dev.amb.serialization.ProtobufMessageSerializer;

/**
 * The Protocol Buffers serializer, when {@code protobuf-java} is on the class path. It writes when
 * {@code amb.serializer=protobuf} and reads protobuf messages whatever that setting.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Message.class)
class ProtobufSerializerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProtobufMessageSerializer ambProtobufMessageSerializer() {
        return new ProtobufMessageSerializer();
    }
}
