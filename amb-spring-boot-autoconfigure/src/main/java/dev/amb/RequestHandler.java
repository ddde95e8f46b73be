package dev.amb;

/**
 * Answers requests: the returned value is sent back to the requester as the reply.
 *
 * <p><b>Threading:</b> as {@link MessageHandler}: the handler runs on a broker adapter thread.
 * A handler may return a {@link java.util.concurrent.CompletionStage}; the reply is then sent
 * when it completes.
 *
 * <p>An exception thrown by the handler (or a failed {@code CompletionStage}) is sent to the
 * requester as an error reply, which the requester sees as a {@link RemoteAgentException}.
 *
 * @param <Q> the request payload type
 * @param <R> the reply payload type
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestHandler<Q, R> {

    /**
     * Handles one request.
     * @param request the request message
     * @return the reply payload (may be {@code null}, or a {@code CompletionStage} of the reply)
     * @throws Exception any failure; it becomes an error reply
     */
    R handle(Message<Q> request) throws Exception;
}
