package dev.amb.core;

import java.util.concurrent.CompletionStage;

import dev.amb.Message;
import dev.amb.MessageHandler;
import dev.amb.RequestHandler;

/**
 * Adapts a {@link RequestHandler} to a subscription: the return value (or the completion of a
 * returned {@code CompletionStage}) is sent as the reply and an exception as an error reply, so
 * the requester learns of a failure at once instead of timing out. The request itself counts as
 * handled either way.
 *
 * @param <Q> the request type
 * @param <R> the reply type
 */
final class ResponderHandler<Q, R> implements MessageHandler<Q> {

    private final RequestHandler<Q, R> handler;

    private final ReplySender replies;

    ResponderHandler(RequestHandler<Q, R> handler, ReplySender replies) {
        this.handler = handler;
        this.replies = replies;
    }

    @Override
    public void handle(Message<Q> request) throws InterruptedException {
        Object result;
        try {
            result = handler.handle(request);
        }
        catch (InterruptedException ex) {
            // the subscription is closing: the request goes back to the broker, another member answers it
            throw ex;
        }
        catch (Exception ex) {
            replies.replyWithError(request, ex);
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, ex) -> {
                if (ex != null) {
                    replies.replyWithError(request, ex);
                }
                else {
                    replies.reply(request, value);
                }
            });
        }
        else {
            replies.reply(request, result);
        }
    }
}
