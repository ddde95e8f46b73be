package dev.amb.core;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.spi.ReplyInboxes;
import dev.amb.topic.Topics;

/**
 * Sends replies and error replies to a request's {@code replyto} topic with its correlation id.
 * An error reply has no payload and carries the exception's class name and message in the
 * {@code errortype} and {@code errormessage} extensions (the message cut to
 * {@value DeadLetterEnvelopes#MAX_ERROR_MESSAGE} characters, like dead-letter headers). Replies go
 * only to reply inboxes ({@link #isReplyAddress(String)}). Thread safe.
 */
final class ReplySender {

    private static final Log logger = LogFactory.getLog(ReplySender.class);

    private final RequestReplyManager.Publisher publisher;

    private final Predicate<String> nativeReplyAddress;

    private final String responder;

    ReplySender(RequestReplyManager.Publisher publisher, Predicate<String> nativeReplyAddress) {
        this(publisher, nativeReplyAddress, null);
    }

    private ReplySender(RequestReplyManager.Publisher publisher, Predicate<String> nativeReplyAddress, String responder) {
        this.publisher = publisher;
        this.nativeReplyAddress = nativeReplyAddress;
        this.responder = responder;
    }

    /**
     * @param responder which responder of this agent answers: {@code group:<group>|<patterns>} for a
     *     group (one logical responder whatever member answers), a random id otherwise
     * @return a sender that marks its replies with {@link AmbHeaders#EXT_RESPONDER}
     */
    ReplySender forResponder(String responder) {
        return new ReplySender(publisher, nativeReplyAddress, responder);
    }

    /** @return whether replies may go to this topic: a bus inbox or the broker's native reply address */
    boolean isReplyAddress(String topic) {
        return topic.startsWith(ReplyInboxes.PREFIX) || nativeReplyAddress.test(topic);
    }

    void reply(Message<?> request, Object value) {
        send(request.replyTo(), request.correlationId(), request.id(), value, Map.of());
    }

    void replyWithError(Message<?> request, Throwable error) {
        sendError(request.replyTo(), request.correlationId(), request.id(), error);
    }

    void sendError(String replyTo, String correlationId, String requestId, Throwable error) {
        Throwable cause = unwrap(error);
        String message = cause.getMessage() != null ? DeadLetterEnvelopes.truncate(cause.getMessage()) : "";
        send(replyTo, correlationId, requestId, null, Map.of(AmbHeaders.EXT_ERROR_TYPE, cause.getClass().getName(),
                AmbHeaders.EXT_ERROR_MESSAGE, message));
    }

    private void send(String replyTo, String correlationId, String requestId, Object value,
            Map<String, String> errorExtensions) {
        if (replyTo == null) {
            if (logger.isDebugEnabled()) {
                logger.debug("Request " + requestId + " has no reply-to; the reply is not sent");
            }
            return;
        }
        if (!Topics.isValidTopic(replyTo) || !isReplyAddress(replyTo)) {
            logger.warn("Request " + requestId + " has an invalid reply-to '" + replyTo + "' (not a reply inbox); the reply "
                    + "is not sent");
            return;
        }
        Map<String, String> extensions = new java.util.HashMap<>(errorExtensions);
        if (correlationId != null) {
            extensions.put(AmbHeaders.EXT_CORRELATION_ID, correlationId);
        }
        if (responder != null) {
            extensions.put(AmbHeaders.EXT_RESPONDER, responder);
        }
        try {
            publisher.publish(replyTo, value, Map.of(), extensions).whenComplete((ok, ex) -> {
                if (ex != null) {
                    logger.warn("Could not send the reply to request " + requestId + " on '" + replyTo + "'", ex);
                }
            });
        }
        catch (RuntimeException ex) {
            // the reply value could not be serialized: tell the requester instead of letting it time out
            if (errorExtensions.isEmpty()) {
                sendError(replyTo, correlationId, requestId, ex);
            }
            else {
                logger.warn("Could not send the error reply to request " + requestId + " on '" + replyTo + "'", ex);
            }
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
