package dev.amb.broker.sqs;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An ElasticMQ server inside the test JVM on a free loopback port, and SQS clients for it.
 */
public final class ElasticMq implements AutoCloseable {

    private final int port;

    private SQSRestServer server;

    private ElasticMq(int port, SQSRestServer server) {
        this.port = port;
        this.server = server;
    }

    /** @return a started server on a free port */
    public static ElasticMq start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new ElasticMq(port, server);
    }

    /** Stops the server (its queues and messages are lost: ElasticMQ keeps them in memory). */
    public void stop() {
        if (server != null) {
            server.stopAndWait();
            server = null;
        }
    }

    /** Starts the server again on the same port, empty. */
    public void restart() {
        stop();
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
            .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).start();
        server.waitUntilStarted();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public SqsAsyncClient asyncClient() {
        return SqsAsyncClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    public SqsClient client() {
        return SqsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    /** @return settings for tests: a queue prefix of their own, short polls and refreshes */
    public static SqsSettings testSettings() {
        return new SqsSettings("k" + UUID.randomUUID().toString().replace("-", "").substring(0, 10),
                Duration.ofSeconds(10), Duration.ofSeconds(1), 10, false, false, false, 10, Duration.ofMillis(500),
                Duration.ofMinutes(10), 256 * 1024, Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        stop();
    }
}
