package dev.amb.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.rabbitmq.client.ConnectionFactory;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import dev.amb.broker.rabbit.RabbitBroker;
import dev.amb.broker.rabbit.RabbitSettings;
import dev.amb.spi.Broker;

/**
 * The RabbitMQ broker, when {@code amb.broker} is {@code rabbit} (or {@code rabbitmq}): a
 * {@link RabbitBroker} on the connection settings of {@code amb.rabbit.url}, else of the
 * application's Spring AMQP connection factory ({@code spring.rabbitmq.*}), else of
 * {@code amqp://guest:guest@localhost:5672/}. Without amqp-client and spring-rabbit on the class
 * path, start-up fails naming the dependency ({@link BrokerClients}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerCondition.class)
@ConditionalOnClass({ ConnectionFactory.class, AbstractConnectionFactory.class })
class RabbitBrokerConfiguration {

    static final String DEFAULT_URL = "amqp://guest:guest@localhost:5672/";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Broker.class)
    RabbitBroker ambRabbitBroker(AmbProperties properties,
            ObjectProvider<org.springframework.amqp.rabbit.connection.ConnectionFactory> springFactories) {
        RabbitProperties rabbit = properties.getRabbit();
        return RabbitBroker.connect(connectionFactory(rabbit.getUrl(), springFactories.orderedStream().toList()),
                settings(properties));
    }

    static RabbitSettings settings(AmbProperties properties) {
        RabbitProperties rabbit = properties.getRabbit();
        return new RabbitSettings(rabbit.getExchange(), RabbitSettings.QueueType.valueOf(rabbit.getQueueType().name()),
                rabbit.getPrefetch(), rabbit.getDeliveryLimit(), rabbit.getBroadcastMaxLength(),
                rabbit.getGroupQueueExpiry(), properties.getShutdownTimeout());
    }

    /**
     * The connection settings AMB uses.
     * @param url {@code amb.rabbit.url}, or {@code null}
     * @param springFactories the application's Spring AMQP connection factories
     * @return an amqp-client factory (RabbitBroker copies it)
     */
    static ConnectionFactory connectionFactory(String url,
            List<org.springframework.amqp.rabbit.connection.ConnectionFactory> springFactories) {
        if (StringUtils.hasText(url)) {
            return fromUrl(url.trim());
        }
        if (springFactories.size() > 1) {
            throw new InvalidAmbPropertyException("amb.rabbit.url", "", null, "the application defines "
                    + springFactories.size() + " Spring AMQP ConnectionFactory beans, so AMB cannot tell which to use;"
                    + " set amb.rabbit.url", "amqp://user:password@host:port/virtual-host");
        }
        if (springFactories.size() == 1 && springFactories.get(0) instanceof AbstractConnectionFactory spring) {
            return spring.getRabbitConnectionFactory();
        }
        return fromUrl(DEFAULT_URL);
    }

    static ConnectionFactory fromUrl(String url) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
                throw new URISyntaxException(redact(url), "the scheme must be amqp or amqps");
            }
            boolean tls = scheme.equals("amqps");
            // amqp-client's own amqps handling trusts every certificate: read the URL as amqp, then add TLS
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            factory.setUri("amqp://" + (uri.getRawUserInfo() != null ? uri.getRawUserInfo() + "@" : "") + uri.getHost()
                    + ":" + (uri.getPort() != -1 ? uri.getPort() : (tls ? 5671 : 5672)) + path);
            if (path.isEmpty() || path.equals("/")) {
                factory.setVirtualHost("/"); // what users mean by amqp://host/ (the AMQP URI spec says "")
            }
            if (tls) {
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
            return factory;
        }
        catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException ex) {
            throw new InvalidAmbPropertyException("amb.rabbit.url", redact(url), null,
                    "not a RabbitMQ URL (" + redact(String.valueOf(ex.getMessage())) + ")",
                    "amqp://user:password@host:port/virtual-host or amqps://...");
        }
    }

    /** The URL with any password replaced by {@code ****}. */
    static String redact(String text) {
        return text.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*:)[^@\\s]*@", "$1****@");
    }
}
