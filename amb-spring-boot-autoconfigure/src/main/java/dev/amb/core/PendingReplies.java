package dev.amb.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import dev.amb.AmbException;
import dev.amb.Message;
import dev.amb.RemoteAgentException;
import dev.amb.RequestTimeoutException;

/**
 * One request waiting for its reply or replies. Subclasses decide when the request is finished:
 * after one reply ({@link Single}), after enough replies or the timeout ({@link Scatter}), or
 * after the first successful reply among several responders ({@link First}).
 *
 * <p><b>Threading:</b> replies arrive on the inbox's delivery threads and the timeout on the
 * bus timer thread; every state change is {@code synchronized}, and the future is completed at
 * most once.
 *
 * @param <F> what the future completes with
 */
abstract class PendingReplies<F> {

    final String correlationId;

    final String topic;

    final Type replyType;

    final Duration timeout;

    final CompletableFuture<F> future = new CompletableFuture<>();

    private ScheduledFuture<?> timeoutTask;

    private volatile Runnable beforeFinish = () -> { };

    PendingReplies(String correlationId, String topic, Type replyType, Duration timeout) {
        this.correlationId = correlationId;
        this.topic = topic;
        this.replyType = replyType;
        this.timeout = timeout;
    }

    /**
     * Sets what runs just before the future completes (taking the request out of the pending
     * table), so that whoever sees the future complete also sees the request gone.
     */
    void beforeFinish(Runnable action) {
        this.beforeFinish = action;
    }

    /** Completes the future with a result, after {@link #beforeFinish(Runnable)}'s action. */
    final boolean finish(F result) {
        beforeFinish.run();
        return future.complete(result);
    }

    /** Completes the future with a failure, after {@link #beforeFinish(Runnable)}'s action. */
    final boolean finishExceptionally(Throwable failure) {
        beforeFinish.run();
        return future.completeExceptionally(failure);
    }

    synchronized void timeoutTask(ScheduledFuture<?> task) {
        this.timeoutTask = task;
    }

    synchronized void cancelTimeout() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
    }

    /**
     * Takes one successful reply.
     * @return {@code false} when the request was already finished (the reply is unmatched)
     */
    abstract boolean onReply(Message<?> reply);

    /**
     * Takes one error reply.
     * @return {@code false} when the request was already finished
     */
    abstract boolean onError(RemoteAgentException error);

    /** The timeout elapsed. */
    abstract void onTimeout();

    /** The request cannot complete (publish failed, bus closed). */
    void fail(Throwable cause) {
        finishExceptionally(cause);
    }

    boolean isDone() {
        return future.isDone();
    }

    /** One reply completes the request. */
    static final class Single<R> extends PendingReplies<Message<R>> {

        Single(String correlationId, String topic, Type replyType, Duration timeout) {
            super(correlationId, topic, replyType, timeout);
        }

        @Override
        @SuppressWarnings("unchecked") // decoded into replyType, which is R
        boolean onReply(Message<?> reply) {
            return finish((Message<R>) reply);
        }

        @Override
        boolean onError(RemoteAgentException error) {
            return finishExceptionally(error);
        }

        @Override
        void onTimeout() {
            finishExceptionally(new RequestTimeoutException(topic, timeout));
        }
    }

    /** Collects between {@code min} and {@code max} replies. */
    static final class Scatter<R> extends PendingReplies<List<Message<R>>> {

        private final int min;

        private final int max;

        private final List<Message<R>> replies = new ArrayList<>();

        private final List<RemoteAgentException> errors = new ArrayList<>();

        Scatter(String correlationId, String topic, Type replyType, Duration timeout, int min, int max) {
            super(correlationId, topic, replyType, timeout);
            this.min = min;
            this.max = max;
        }

        @Override
        @SuppressWarnings("unchecked") // decoded into replyType, which is R
        synchronized boolean onReply(Message<?> reply) {
            if (future.isDone()) {
                return false;
            }
            replies.add((Message<R>) reply);
            if (replies.size() >= max) {
                finish(List.copyOf(replies));
            }
            return true;
        }

        @Override
        synchronized boolean onError(RemoteAgentException error) {
            if (future.isDone()) {
                return false;
            }
            errors.add(error);
            return true;
        }

        @Override
        synchronized void onTimeout() {
            if (replies.size() >= min) {
                finish(List.copyOf(replies));
                return;
            }
            String message = "Scatter on '" + topic + "' got " + replies.size() + " of the " + min
                    + " replies it needs within " + timeout
                    + (errors.isEmpty() ? "" : " (" + errors.size() + " responder(s) replied with an error, first: "
                            + errors.get(0).getMessage() + ")");
            RequestTimeoutException timeoutException = new RequestTimeoutException(message, topic, timeout, replies);
            errors.forEach(timeoutException::addSuppressed);
            finishExceptionally(timeoutException);
        }
    }

    /** The first successful reply from any of several topics wins. */
    static final class First<R> extends PendingReplies<Message<R>> {

        private final int responders;

        private final List<RemoteAgentException> errors = new ArrayList<>();

        First(String correlationId, List<String> topics, Type replyType, Duration timeout) {
            super(correlationId, String.join(", ", topics), replyType, timeout);
            this.responders = topics.size();
        }

        @Override
        @SuppressWarnings("unchecked") // decoded into replyType, which is R
        boolean onReply(Message<?> reply) {
            return finish((Message<R>) reply);
        }

        @Override
        synchronized boolean onError(RemoteAgentException error) {
            if (future.isDone()) {
                return false;
            }
            errors.add(error);
            if (errors.size() >= responders) {
                // every topic's responder failed: no reply can win any more
                RemoteAgentException first = errors.get(0);
                errors.stream().skip(1).forEach(first::addSuppressed);
                finishExceptionally(first);
            }
            return true;
        }

        @Override
        synchronized void onTimeout() {
            RequestTimeoutException timeoutException = new RequestTimeoutException("No successful reply from any of ["
                    + topic + "] within " + timeout
                    + (errors.isEmpty() ? "" : " (" + errors.size() + " replied with an error)"), topic, timeout,
                    List.of());
            errors.forEach(timeoutException::addSuppressed);
            finishExceptionally(timeoutException);
        }
    }

    static AmbException closed(String topic) {
        return new AmbException("The message bus was closed while a request on '" + topic + "' waited for its reply");
    }
}
