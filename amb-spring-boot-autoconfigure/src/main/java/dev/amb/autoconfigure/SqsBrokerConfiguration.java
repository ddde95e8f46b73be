package dev.amb.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

import dev.amb.broker.sqs.SqsBroker;
import dev.amb.broker.sqs.SqsSettings;
import dev.amb.spi.Broker;

/**
 * The SQS broker, when {@code amb.broker} is {@code sqs}: on the application's
 * {@link SqsAsyncClient} bean when it has one (Spring Cloud AWS's {@code spring-cloud-aws-starter-sqs}
 * defines it from {@code spring.cloud.aws.*}), otherwise on a client of its own from
 * {@code amb.sqs.region}, {@code amb.sqs.endpoint} and static keys or the AWS SDK's default
 * credentials chain. The broker closes only a client it created.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerCondition.class)
@ConditionalOnClass(SqsAsyncClient.class)
class SqsBrokerConfiguration {

    @Bean
    @ConditionalOnMissingBean(Broker.class)
    SqsBroker ambSqsBroker(AmbProperties properties, ObjectProvider<SqsAsyncClient> applicationClient) {
        SqsSettings settings = settings(properties);
        SqsAsyncClient client = applicationClient.getIfUnique();
        if (client != null) {
            return new SqsBroker(client, false, settings);
        }
        return new SqsBroker(client(properties.getSqs()), true, settings);
    }

    static SqsAsyncClient client(SqsProperties sqs) {
        SqsAsyncClientBuilder builder = SqsAsyncClient.builder();
        PropertyMapping map = new PropertyMapping();
        map.from(sqs::getRegion).whenHasText().as(Region::of).to(builder::region);
        map.from(sqs::getEndpoint).to(builder::endpointOverride);
        boolean hasKey = StringUtils.hasText(sqs.getAccessKeyId());
        boolean hasSecret = StringUtils.hasText(sqs.getSecretAccessKey());
        if (hasKey != hasSecret) {
            throw new InvalidAmbPropertyException(hasKey ? "amb.sqs.secret-access-key" : "amb.sqs.access-key-id", "",
                    null, "amb.sqs.access-key-id and amb.sqs.secret-access-key go together",
                    "both set, or both empty for the AWS SDK's default credentials chain");
        }
        if (hasKey) {
            builder.credentialsProvider(StaticCredentialsProvider
                .create(AwsBasicCredentials.create(sqs.getAccessKeyId(), sqs.getSecretAccessKey())));
        }
        return builder.build();
    }

    static SqsSettings settings(AmbProperties properties) {
        SqsProperties sqs = properties.getSqs();
        try {
            return new SqsSettings(sqs.getQueuePrefix(), sqs.getVisibilityTimeout(), sqs.getWaitTime(),
                    sqs.getMaxMessages(), sqs.isFifo(), sqs.isContentBasedDeduplication(), sqs.isDlq(),
                    sqs.getMaxReceiveCount(), sqs.getRegistryRefresh(), sqs.getOrphanTimeout(),
                    (int) Math.min(Integer.MAX_VALUE, sqs.getMaxMessageSize().toBytes()), properties.getShutdownTimeout());
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new InvalidAmbPropertyException("amb.sqs", String.valueOf(ex.getMessage()), null,
                    "an amb.sqs.* property is out of range", "see the message and the README's SQS section");
        }
    }
}
