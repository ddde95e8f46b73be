package dev.amb.autoconfigure;

import io.lettuce.core.RedisURI;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

import dev.amb.broker.redis.RedisConnector;

/**
 * Decides where the Redis broker's connections come from:
 * <ol>
 * <li>{@code amb.redis.cluster-nodes} set: a Redis Cluster client of AMB's own;</li>
 * <li>{@code amb.redis.url} set: a client of AMB's own on that URL;</li>
 * <li>otherwise the application's {@link LettuceConnectionFactory} (Spring Boot creates one from
 * {@code spring.data.redis.*} whenever Spring Data Redis is on the class path): AMB opens its
 * connections through that factory's Lettuce client, with the application's address, credentials,
 * TLS and timeouts;</li>
 * <li>no connection factory at all: a client of AMB's own on {@code redis://localhost:6379};</li>
 * <li>several connection factories and none of them primary: start-up fails naming them (AMB does
 * not guess, and never falls back to localhost then).</li>
 * </ol>
 * No exception message ever contains the password of a URL: invalid values are echoed redacted.
 * {@code amb.redis.ssl}, {@code amb.redis.password} and {@code amb.redis.command-timeout} apply to
 * AMB's own clients.
 */
final class RedisBrokerConnections {

    static final String URL_PROPERTY = "amb.redis.url";

    private static final String URL_FORMS = "redis://[[user]:password@]host[:port][/database], rediss://... for TLS";

    private RedisBrokerConnections() {
    }

    static RedisConnector connector(RedisBrokerProperties redis, RedisConnectionFactory applicationFactory,
            String[] factoryNames) {
        if (!redis.getClusterNodes().isEmpty()) {
            return RedisConnector.createCluster(redis.getClusterNodes().stream().map(node -> node(redis, node)).toList());
        }
        if (StringUtils.hasText(redis.getUrl())) {
            return RedisConnector.create(own(redis, parse(URL_PROPERTY, redis.getUrl())));
        }
        if (applicationFactory == null && factoryNames.length > 1) {
            throw new InvalidAmbPropertyException(URL_PROPERTY, "", null, "the application has "
                    + factoryNames.length + " RedisConnectionFactory beans (" + String.join(", ", factoryNames)
                    + ") and none is @Primary, so AMB cannot tell which one to use; mark one @Primary or set "
                    + URL_PROPERTY + " so that AMB opens a connection of its own", URL_FORMS);
        }
        if (applicationFactory == null) {
            return RedisConnector.create(own(redis, RedisURI.create("redis://localhost:6379")));
        }
        if (applicationFactory instanceof LettuceConnectionFactory lettuce) {
            return RedisConnector.shared(lettuce.getRequiredNativeClient(),
                    "the application's LettuceConnectionFactory (" + describe(lettuce) + ")");
        }
        throw new InvalidAmbPropertyException(URL_PROPERTY, "", null, "the application's RedisConnectionFactory is a "
                + applicationFactory.getClass().getName() + ", and AMB's Redis broker needs Lettuce; set " + URL_PROPERTY
                + " so that AMB opens a Lettuce connection of its own", URL_FORMS);
    }

    private static RedisURI node(RedisBrokerProperties redis, String node) {
        String url = node.contains("://") ? node : (redis.isSsl() ? "rediss://" : "redis://") + node;
        return own(redis, parse("amb.redis.cluster-nodes", url));
    }

    private static RedisURI parse(String property, String url) {
        try {
            return RedisURI.create(url.trim());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidAmbPropertyException(property, redact(url), null, "not a Redis URL ("
                    + redactedIn(String.valueOf(ex.getMessage()), url) + ")", URL_FORMS);
        }
    }

    /**
     * @param url a URL as configured
     * @return it with the user information (user name and password) replaced by {@code ***}
     */
    static String redact(String url) {
        int scheme = url.indexOf("://");
        int start = scheme >= 0 ? scheme + 3 : 0;
        int at = url.lastIndexOf('@'); // the last: a password may contain '@', '/' or '?' unencoded
        return at < start ? url : url.substring(0, start) + "***" + url.substring(at);
    }

    /** Replaces the URL's user information wherever it appears in a message. */
    private static String redactedIn(String message, String url) {
        String redacted = message.replace(url.trim(), redact(url.trim()));
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme >= 0 && at > scheme + 3) {
            String userInfo = url.substring(scheme + 3, at);
            if (!userInfo.isEmpty()) {
                redacted = redacted.replace(userInfo, "***");
            }
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && colon < userInfo.length() - 1) {
                redacted = redacted.replace(userInfo.substring(colon + 1), "***");
            }
        }
        return redacted;
    }

    /** Applies AMB's TLS, password and command timeout to a URI of its own client. */
    private static RedisURI own(RedisBrokerProperties redis, RedisURI uri) {
        RedisURI.Builder builder = RedisURI.builder(uri).withTimeout(redis.getCommandTimeout());
        if (redis.isSsl()) {
            builder.withSsl(true);
        }
        if (StringUtils.hasText(redis.getPassword())) {
            builder.withPassword(redis.getPassword().toCharArray());
        }
        return builder.build();
    }

    private static String describe(LettuceConnectionFactory factory) {
        if (factory.isClusterAware()) {
            return "cluster";
        }
        if (factory.isRedisSentinelAware()) {
            return "sentinel master " + factory.getSentinelConfiguration().getMaster().getName();
        }
        return factory.getHostName() + ":" + factory.getPort();
    }
}
