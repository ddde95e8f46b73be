package dev.amb.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} for the NATS connection that verifies the server's host name and applies
 * an SSL bundle's protocols and cipher suites: jnats creates its TLS socket from
 * {@link SSLContext#getSocketFactory()} with the server's host name but never turns on endpoint
 * identification, so without this any certificate the trust store accepts, issued for any host,
 * would do. Every client socket and engine this context creates gets
 * {@code endpointIdentificationAlgorithm=HTTPS} (RFC 2818 host-name checks) and the given
 * protocols and cipher suites.
 *
 * <p>Thread safe as the wrapped context is.
 */
final class NatsTlsContext extends SSLContext {

    private NatsTlsContext(SSLContext delegate, String[] protocols, String[] ciphers) {
        super(new Spi(delegate, protocols, ciphers), delegate.getProvider(), delegate.getProtocol());
    }

    /**
     * @param delegate an initialized context
     * @param protocols the enabled protocols, {@code null} for the context's defaults
     * @param ciphers the enabled cipher suites, {@code null} for the context's defaults
     * @return a context whose sockets verify the server's host name
     */
    static SSLContext verifyingHostName(SSLContext delegate, String[] protocols, String[] ciphers) {
        return new NatsTlsContext(delegate, protocols, ciphers);
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLContext delegate;

        private final String[] protocols;

        private final String[] ciphers;

        Spi(SSLContext delegate, String[] protocols, String[] ciphers) {
            this.delegate = delegate;
            this.protocols = protocols;
            this.ciphers = ciphers;
        }

        SSLParameters configure(SSLParameters parameters) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (protocols != null) {
                parameters.setProtocols(protocols);
            }
            if (ciphers != null) {
                parameters.setCipherSuites(ciphers);
            }
            return parameters;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("The NATS TLS context is initialized already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new VerifyingSocketFactory(delegate.getSocketFactory(), this);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine engine = delegate.createSSLEngine();
            engine.setSSLParameters(configure(engine.getSSLParameters()));
            return engine;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine engine = delegate.createSSLEngine(host, port);
            engine.setSSLParameters(configure(engine.getSSLParameters()));
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }
    }

    /** Configures every socket the wrapped factory creates. */
    private static final class VerifyingSocketFactory extends SSLSocketFactory {

        private final SSLSocketFactory delegate;

        private final Spi spi;

        VerifyingSocketFactory(SSLSocketFactory delegate, Spi spi) {
            this.delegate = delegate;
            this.spi = spi;
        }

        private Socket configure(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.setSSLParameters(spi.configure(ssl.getSSLParameters()));
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return spi.ciphers != null ? spi.ciphers.clone() : delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return configure(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return configure(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
            return configure(delegate.createSocket(socket, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return configure(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
