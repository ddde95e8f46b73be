package dev.amb.broker.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Makes every JetStream subscription check its consumers once the connection has re-established
 * its subscriptions after a reconnect: the server may have deleted an ephemeral consumer during the
 * outage (its inactive threshold), which the pullers then create again before pulling. Messages
 * that were on their way when the link broke come back after the consumer's {@code ackWait}.
 *
 * <p><b>Threading:</b> jnats calls it on its callback thread; the restart runs on the adapter's
 * timer thread.
 */
final class JetStreamReconnectListener implements ConnectionListener {

    private static final Log logger = LogFactory.getLog(JetStreamReconnectListener.class);

    private final NatsResources resources;

    JetStreamReconnectListener(NatsResources resources) {
        this.resources = resources;
    }

    @Override
    public void connectionEvent(Connection connection, Events type, Long time, String uriDetails) {
        onEvent(type);
    }

    @Override
    @Deprecated
    public void connectionEvent(Connection connection, Events type) {
        onEvent(type);
    }

    private void onEvent(Events type) {
        if (type != Events.RESUBSCRIBED || resources.isClosed()) {
            return;
        }
        resources.execute(() -> {
            for (NatsSubscription subscription : resources.openSubscriptions()) {
                try {
                    subscription.restartSource();
                }
                catch (RuntimeException ex) {
                    logger.warn("Could not restart pulling for " + subscription + " after a reconnect; its pullers "
                            + "check their consumers again after their next failure", ex);
                }
            }
        });
    }
}
