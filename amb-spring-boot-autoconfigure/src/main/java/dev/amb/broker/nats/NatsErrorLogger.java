package dev.amb.broker.nats;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A jnats {@link ErrorListener} that reports through the application's logging (instead of
 * jnats' default {@code java.util.logging} output) and knows the statuses AMB causes on purpose:
 * when a broadcast JetStream subscription closes, AMB stops its pull consumer and deletes the
 * ephemeral consumer, and the server answers the pull request still outstanding with
 * {@code 409 Consumer Deleted}. That status is logged at debug level (the adapter itself notices
 * a consumer the server deleted, creates it again and logs that at warn), and the
 * {@code 408 Request Timeout} / {@code 404 No Messages} that end AMB's short pull requests are not
 * logged; everything else at warn (errors and exceptions at error).
 *
 * <p>The auto-configuration installs it on the connection AMB creates; an application's own
 * {@code ErrorListener} (through a {@code NatsOptionsCustomizer}) replaces it. Thread safe.
 *
 * @since 0.1.0
 */
public class NatsErrorLogger implements ErrorListener {

    private static final Log logger = LogFactory.getLog(NatsErrorLogger.class);

    /** Creates the listener. */
    public NatsErrorLogger() {
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        logger.error("NATS server error on " + name(connection) + ": " + error);
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
        logger.error("NATS connection " + name(connection) + " failed", exception);
    }

    @Override
    public void slowConsumerDetected(Connection connection, Consumer consumer) {
        logger.warn("NATS slow consumer on " + name(connection) + ": its pending messages hit the limit and the "
                + "client drops new ones (" + consumer.getDroppedCount() + " dropped so far)");
    }

    @Override
    public void pullStatusWarning(Connection connection, JetStreamSubscription subscription, Status status) {
        if (isPullExpired(status)) {
            return; // AMB's pull requests expire every second while there is nothing to pull
        }
        logger.warn("JetStream pull status on " + name(connection) + ": " + status);
    }

    @Override
    public void pullStatusError(Connection connection, JetStreamSubscription subscription, Status status) {
        if (isConsumerDeleted(status)) {
            if (logger.isDebugEnabled()) {
                logger.debug("JetStream pull ended because its consumer was deleted (expected when a subscription "
                        + "closes) on " + name(connection) + ": " + status);
            }
            return;
        }
        logger.warn("JetStream pull error on " + name(connection) + ": " + status);
    }

    @Override
    public void unhandledStatus(Connection connection, JetStreamSubscription subscription, Status status) {
        logger.warn("Unhandled JetStream status on " + name(connection) + ": " + status);
    }

    @Override
    public void heartbeatAlarm(Connection connection, JetStreamSubscription subscription, long lastStreamSequence,
            long lastConsumerSequence) {
        logger.warn("JetStream heartbeat missed on " + name(connection) + " (stream sequence " + lastStreamSequence
                + ", consumer sequence " + lastConsumerSequence + ")");
    }

    @Override
    public void socketWriteTimeout(Connection connection) {
        logger.warn("NATS socket write timed out on " + name(connection));
    }

    static boolean isPullExpired(Status status) {
        return status.getCode() == 408 || status.getCode() == 404;
    }

    static boolean isConsumerDeleted(Status status) {
        return status.getCode() == 409 && status.getMessage() != null
                && status.getMessage().toLowerCase(java.util.Locale.ROOT).contains("consumer deleted");
    }

    private static String name(Connection connection) {
        String name = connection != null ? connection.getOptions().getConnectionName() : null;
        return name != null ? "'" + name + "'" : "the connection";
    }
}
