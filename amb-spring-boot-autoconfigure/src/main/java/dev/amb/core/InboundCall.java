package dev.amb.core;

import java.util.List;

import dev.amb.spi.InboundContext;

/**
 * The {@link InboundContext} of one delivery to a subscription, or of one reply arriving in the
 * bus's reply inbox. Confined to the delivery's thread.
 */
final class InboundCall implements InboundContext {

    /** The subscription id interceptors see for replies. */
    static final String INBOX_SUBSCRIPTION = "amb-inbox";

    private final String subscriptionId;

    private final List<String> patterns;

    private final String group;

    private final int deliveryAttempt;

    private String verifiedSender;

    private InboundCall(String subscriptionId, List<String> patterns, String group, int deliveryAttempt) {
        this.subscriptionId = subscriptionId;
        this.patterns = patterns;
        this.group = group;
        this.deliveryAttempt = deliveryAttempt;
    }

    /** @return the context of a delivery to a subscription */
    static InboundCall delivery(SubscriptionContext subscription, int deliveryAttempt) {
        return new InboundCall(subscription.id(), subscription.patternValues(), subscription.group(), deliveryAttempt);
    }

    /** @return the context of a reply in the bus's inbox: subscription {@value #INBOX_SUBSCRIPTION}, its topic, no group */
    static InboundCall reply(String inboxTopic, int deliveryAttempt) {
        return new InboundCall(INBOX_SUBSCRIPTION, List.of(inboxTopic), null, deliveryAttempt);
    }

    @Override
    public String subscriptionId() {
        return subscriptionId;
    }

    @Override
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public int deliveryAttempt() {
        return deliveryAttempt;
    }

    @Override
    public String verifiedSender() {
        return verifiedSender;
    }

    @Override
    public void verifiedSender(String sender) {
        this.verifiedSender = sender;
    }
}
