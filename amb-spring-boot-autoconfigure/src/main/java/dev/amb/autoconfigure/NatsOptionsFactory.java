package dev.amb.autoconfigure;

import java.security.NoSuchAlgorithmException;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.nats.client.Nats;
import io.nats.client.Options;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.amb.broker.nats.NatsErrorLogger;

/**
 * Builds the jnats {@link Options} of the auto-configured connection from {@code amb.nats.*},
 * then applies the {@link NatsOptionsCustomizer}s. TLS (an SSL bundle or {@code amb.nats.ssl.enabled})
 * verifies the server's host name and uses the bundle's protocols and cipher suites, see
 * {@link NatsTlsContext}. Not thread safe; used once at start-up.
 */
final class NatsOptionsFactory {

    private final NatsProperties properties;

    private final SslBundles sslBundles;

    NatsOptionsFactory(NatsProperties properties, SslBundles sslBundles) {
        this.properties = properties;
        this.sslBundles = sslBundles;
    }

    Options create(String defaultConnectionName, List<NatsOptionsCustomizer> customizers) {
        Options.Builder builder = new Options.Builder();
        PropertyMapping map = new PropertyMapping();
        map.from(properties::getUrl).whenHasText().to(builder::server);
        map.from(StringUtils.hasText(properties.getConnectionName()) ? properties.getConnectionName()
                : defaultConnectionName).whenHasText().to(builder::connectionName);
        map.from(properties::getConnectionTimeout).to(builder::connectionTimeout);
        map.from(properties::getReconnectWait).to(builder::reconnectWait);
        map.from(properties::getMaxReconnects).to(builder::maxReconnects);
        map.from(properties::getReconnectBufferSize).as(DataSize::toBytes).to(builder::reconnectBufferSize);
        map.from(properties::getUsername).whenHasText()
            .to(user -> builder.userInfo(user, properties.getPassword() != null ? properties.getPassword() : ""));
        map.from(properties::getToken).whenHasText().as(String::toCharArray).to(builder::token);
        map.from(properties::getNkeySeed).whenHasText()
            .to(seed -> builder.authHandler(Nats.staticCredentials(null, seed.trim().toCharArray())));
        map.from(properties::getCredentials).whenHasText().as(Nats::credentials).to(builder::authHandler);
        applySsl(builder);
        builder.errorListener(new NatsErrorLogger());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    private void applySsl(Options.Builder builder) {
        NatsProperties.Ssl ssl = properties.getSsl();
        if (StringUtils.hasText(ssl.getBundle())) {
            if (sslBundles == null) {
                throw new InvalidAmbPropertyException("amb.nats.ssl.bundle", ssl.getBundle(), null,
                        "no SSL bundles are configured", "a bundle name from spring.ssl.bundle.*");
            }
            SslBundle bundle = sslBundles.getBundle(ssl.getBundle());
            SslOptions options = bundle.getOptions();
            builder.sslContext(NatsTlsContext.verifyingHostName(bundle.createSslContext(),
                    options != null ? options.getEnabledProtocols() : null,
                    options != null ? options.getCiphers() : null));
        }
        else if (ssl.isEnabled()) {
            try {
                builder.sslContext(NatsTlsContext.verifyingHostName(SSLContext.getDefault(), null, null));
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("The JVM has no default TLS context for amb.nats.ssl.enabled=true", ex);
            }
        }
    }
}
