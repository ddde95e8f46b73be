package dev.amb.spi;

/**
 * The bus's request/reply inbox topics, as brokers and interceptors must recognise them: every
 * bus instance subscribes one literal topic {@code amb.inbox.<agent-id>.<random>} on its first
 * request and puts it in the {@code replyto} extension of every request it sends; responders
 * publish their replies to it.
 *
 * <p>Brokers treat inboxes specially where their topic mapping needs it (Redis keeps them on
 * pub/sub in Streams mode, Kafka gives them short retention, SQS names their queues after the
 * topic so a replier finds a requester it has never seen).
 *
 * @since 0.3.0
 */
public final class ReplyInboxes {

    /** Every inbox topic starts with this; responders reply to no other AMB topic. */
    public static final String PREFIX = "amb.inbox.";

    private ReplyInboxes() {
    }

    /**
     * @param topic a topic
     * @return {@code true} for a request/reply inbox topic
     */
    public static boolean isInbox(String topic) {
        return topic.startsWith(PREFIX);
    }
}
