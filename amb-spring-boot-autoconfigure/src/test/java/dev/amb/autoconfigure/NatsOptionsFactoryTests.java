package dev.amb.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import io.nats.client.ErrorListener;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.util.unit.DataSize;

import dev.amb.broker.nats.NatsErrorLogger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatsOptionsFactoryTests {

    private final NatsProperties properties = new NatsProperties();

    @Test
    void mapsSeveralServersFromOneCommaSeparatedUrl() {
        properties.setUrl("nats://a.example:4222, nats://b.example:4223");

        Options options = create();

        assertThat(options.getServers()).containsExactly(URI.create("nats://a.example:4222"),
                URI.create("nats://b.example:4223"));
    }

    @Test
    void mapsConnectionAndReconnectSettings() {
        properties.setConnectionName("planner-1");
        properties.setConnectionTimeout(Duration.ofSeconds(7));
        properties.setReconnectWait(Duration.ofMillis(250));
        properties.setMaxReconnects(12);
        properties.setReconnectBufferSize(DataSize.ofKilobytes(64));

        Options options = create();

        assertThat(options.getConnectionName()).isEqualTo("planner-1");
        assertThat(options.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.getReconnectWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.getMaxReconnect()).isEqualTo(12);
        assertThat(options.getReconnectBufferSize()).isEqualTo(64 * 1024);
    }

    @Test
    void connectionNameDefaultsToTheAgentAndReconnectsForever() {
        Options options = create();

        assertThat(options.getConnectionName()).isEqualTo("agent-7");
        assertThat(options.getMaxReconnect()).isEqualTo(-1);
        assertThat(options.getServers()).containsExactly(URI.create("nats://localhost:4222"));
    }

    @Test
    void mapsUserAndPassword() {
        properties.setUsername("agent");
        properties.setPassword("s3cret");

        Options options = create();

        assertThat(options.getUsernameChars()).containsExactly("agent".toCharArray());
        assertThat(options.getPasswordChars()).containsExactly("s3cret".toCharArray());
    }

    @Test
    void mapsToken() {
        properties.setToken("t0ken");

        assertThat(create().getTokenChars()).containsExactly("t0ken".toCharArray());
    }

    @Test
    void nkeySeedSignsWithItsPublicKey() {
        properties.setNkeySeed("SUAIO3FHUX5PNV2LQIIP7TZ3N4L7TX3W53MQGEIVYFIGA635OZCKEYHFLM");

        Options options = create();

        assertThat(new String(options.getAuthHandler().getID())).startsWith("U");
        assertThat(options.getAuthHandler().sign("nonce".getBytes())).hasSize(64);
    }

    @Test
    void sslEnabledUsesTheDefaultTlsContext() {
        properties.getSsl().setEnabled(true);

        assertThat(create().getSslContext()).isNotNull();
    }

    @Test
    void tlsVerifiesTheServersHostName() throws Exception {
        properties.getSsl().setEnabled(true);

        try (SSLSocket socket = (SSLSocket) create().getSslContext().getSocketFactory().createSocket()) {
            assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
    }

    @Test
    void sslBundleProtocolsAndCiphersAreHonouredAndTheHostNameVerified() throws Exception {
        String cipher = "TLS_AES_128_GCM_SHA256";
        DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("nats-client",
                SslBundle.of(SslStoreBundle.NONE, null, SslOptions.of(new String[] { cipher }, new String[] { "TLSv1.3" })));
        properties.getSsl().setBundle("nats-client");

        Options options = new NatsOptionsFactory(properties, bundles).create("agent-7", List.of());

        try (SSLSocket socket = (SSLSocket) options.getSslContext().getSocketFactory().createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactly("TLSv1.3");
            assertThat(socket.getEnabledCipherSuites()).containsExactly(cipher);
            assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
        assertThat(options.getSslContext().createSSLEngine("nats.example", 4222).getSSLParameters()
            .getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void sslBundleWithoutBundlesFailsNamingTheProperty() {
        properties.getSsl().setBundle("nats-client");

        assertThatThrownBy(this::create).isInstanceOf(InvalidAmbPropertyException.class)
            .hasMessageContaining("amb.nats.ssl.bundle")
            .hasMessageContaining("nats-client");
    }

    @Test
    void customizersRunLastAndCanOverrideAnything() {
        properties.setConnectionName("from-properties");

        Options options = new NatsOptionsFactory(properties, null).create("agent-7",
                List.of(builder -> builder.connectionName("from-customizer")));

        assertThat(options.getConnectionName()).isEqualTo("from-customizer");
    }

    @Test
    void errorsAreReportedThroughTheApplicationsLoggingUnlessACustomizerSetsItsOwnListener() {
        assertThat(create().getErrorListener()).isInstanceOf(NatsErrorLogger.class);

        ErrorListener own = new ErrorListener() {
        };
        Options customized = new NatsOptionsFactory(properties, null).create("agent-7",
                List.of(builder -> builder.errorListener(own)));

        assertThat(customized.getErrorListener()).isSameAs(own);
    }

    private Options create() {
        return new NatsOptionsFactory(properties, null).create("agent-7", List.of());
    }
}
