package dev.amb.autoconfigure;

import java.io.IOException;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.amb.AmbException;
import dev.amb.broker.nats.NatsBroker;
import dev.amb.broker.nats.NatsContentMode;
import dev.amb.broker.nats.NatsJetStreamBroker;
import dev.amb.spi.Broker;

/**
 * The NATS broker, when {@code amb.broker} is {@code nats}: a jnats {@link Connection} from
 * {@code amb.nats.*} (unless the application defines one), and on it a core NATS
 * {@link NatsBroker} or, with {@code amb.nats.jetstream=true}, a {@link NatsJetStreamBroker}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerCondition.class)
@ConditionalOnClass(Connection.class)
class NatsBrokerConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Connection.class)
    Connection ambNatsConnection(AmbProperties properties, ObjectProvider<NatsOptionsCustomizer> customizers,
            ObjectProvider<SslBundles> sslBundles, Environment environment) throws InterruptedException {
        NatsProperties nats = properties.getNats();
        String agentId = properties.getAgent().getId();
        Options options = new NatsOptionsFactory(nats, sslBundles.getIfAvailable()).create(
                StringUtils.hasText(agentId) ? agentId : environment.getProperty("spring.application.name", "amb-agent"),
                customizers.orderedStream().toList());
        return connect(options, nats.getUrl());
    }

    /**
     * Connects, failing with a message that names the server without the credentials a URL may
     * hold ({@code nats://user:password@host}), also in the client's own message.
     */
    static Connection connect(Options options, String url) throws InterruptedException {
        try {
            return Nats.connect(options);
        }
        catch (IOException ex) {
            IOException redacted = new IOException(NatsUrls.redact(String.valueOf(ex.getMessage())), ex.getCause());
            redacted.setStackTrace(ex.getStackTrace());
            throw new AmbException("Could not connect to NATS at '" + NatsUrls.redact(url)
                    + "' (amb.nats.url, AMB_NATS_URL): " + redacted.getMessage(), redacted);
        }
    }

    @Bean
    @ConditionalOnMissingBean(Broker.class)
    @ConditionalOnProperty(prefix = "amb.nats", name = "jetstream", havingValue = "false", matchIfMissing = true)
    NatsBroker ambNatsBroker(Connection connection, AmbProperties properties) {
        return new NatsBroker(connection, settings(properties));
    }

    @Bean
    @ConditionalOnMissingBean(Broker.class)
    @ConditionalOnProperty(prefix = "amb.nats", name = "jetstream", havingValue = "true")
    NatsJetStreamBroker ambNatsJetStreamBroker(Connection connection, AmbProperties properties) {
        NatsProperties nats = properties.getNats();
        NatsJetStreamBroker.StreamSettings stream = new NatsJetStreamBroker.StreamSettings(nats.getStreamName(),
                List.copyOf(nats.getStreamSubjects()), retention(nats.getStreamRetention()),
                nats.getStreamStorage() == NatsProperties.StreamStorage.MEMORY ? StorageType.Memory : StorageType.File,
                nats.getStreamMaxMsgs(), nats.getStreamMaxAge(), nats.getStreamReplicas(), nats.getSubjectPrefix(),
                nats.getAckWait(), nats.getMaxDeliver(), nats.getMaxAckPending(),
                nats.getConsumerInactiveThreshold());
        return new NatsJetStreamBroker(connection, settings(properties), stream);
    }

    private static NatsBroker.Settings settings(AmbProperties properties) {
        NatsProperties nats = properties.getNats();
        return new NatsBroker.Settings(nats.getMaxQueueSize(), properties.getShutdownTimeout(),
                NatsContentMode.valueOf(nats.getContentMode().name()));
    }

    private static RetentionPolicy retention(NatsProperties.StreamRetention retention) {
        return switch (retention) {
            case LIMITS -> RetentionPolicy.Limits;
            case INTEREST -> RetentionPolicy.Interest;
            case WORK_QUEUE -> RetentionPolicy.WorkQueue;
        };
    }
}
