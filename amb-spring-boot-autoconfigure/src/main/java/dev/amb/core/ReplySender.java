package dev.amb.core;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.topic.Topics;

/**
 * Sends replies and error replies to a request's {@code replyto} topic with its correlation id.
 * An error reply has no payload and carries the exception's class name and message in the
 * {@code errortype} and {@code errormessage} extensions. Thread safe.
 */
final class ReplySender {

    private static final Log logger = LogFactory.getLog(ReplySender.class);

    private final RequestReplyManager.Publisher publisher;

    ReplySender(RequestReplyManager.Publisher publisher) {
        this.publisher = publisher;
    }

    void reply(Message<?> request, Object value) {
        send(request.replyTo(), request.correlationId(), request.id(), value, Map.of());
    }

    void replyWithError(Message<?> request, Throwable error) {
        sendError(request.replyTo(), request.correlationId(), request.id(), error);
    }

    void sendError(String replyTo, String correlationId, String requestId, Throwable error) {
        Throwable cause = unwrap(error);
        String message = cause.getMessage() != null ? cause.getMessage() : "";
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
        if (!Topics.isValidTopic(replyTo)) {
            logger.warn("Request " + requestId + " has an invalid reply-to '" + replyTo + "'; the reply is not sent");
            return;
        }
        Map<String, String> extensions = new java.util.HashMap<>(errorExtensions);
        if (correlationId != null) {
            extensions.put(AmbHeaders.EXT_CORRELATION_ID, correlationId);
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
