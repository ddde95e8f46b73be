package dev.amb.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
     * @param responder who answered ({@link RequestReplyManager#responderOf}), {@code null} when unknown
     * @return {@code false} when the request was already finished or this responder already answered
     *     (the reply is unmatched)
     */
    abstract boolean onReply(Message<?> reply, String responder);

    /**
     * Takes one error reply.
     * @param responder who answered, {@code null} when unknown
     * @return {@code false} when the request was already finished
     */
    abstract boolean onError(RemoteAgentException error, String responder);

    /** The timeout elapsed. */
    abstract void onTimeout();

    /** The request cannot complete (publish failed, bus closed). */
    void fail(Throwable cause) {
        finishExceptionally(cause);
    }

    /**
     * Publishing the request to one of its topics failed; by default the request fails.
     * @param failedTopic the topic the publish failed on
     * @param cause why
     */
    void onPublishFailed(String failedTopic, Throwable cause) {
        fail(cause);
    }

    /**
     * A reply arrived that cannot be decoded into the reply type; by default the request fails.
     * @param cause the decoding failure
     * @param responder the reply's source, {@code null} when unknown
     * @return {@code false} when the request was already finished
     */
    boolean onUndecodable(RuntimeException cause, String responder) {
        return finishExceptionally(cause);
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
        boolean onReply(Message<?> reply, String responder) {
            return finish((Message<R>) reply);
        }

        @Override
        boolean onError(RemoteAgentException error, String responder) {
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

        private final List<RuntimeException> errors = new ArrayList<>();

        /** Responders that replied (successfully or not): a responder counts once, whatever it sends again. */
        private final Set<String> responders = new HashSet<>();

        Scatter(String correlationId, String topic, Type replyType, Duration timeout, int min, int max) {
            super(correlationId, topic, replyType, timeout);
            this.min = min;
            this.max = max;
        }

        @Override
        @SuppressWarnings("unchecked") // decoded into replyType, which is R
        synchronized boolean onReply(Message<?> reply, String responder) {
            if (future.isDone() || !firstFrom(responder)) {
                return false;
            }
            replies.add((Message<R>) reply);
            if (replies.size() >= max) {
                finish(List.copyOf(replies));
            }
            return true;
        }

        @Override
        synchronized boolean onError(RemoteAgentException error, String responder) {
            if (future.isDone() || !firstFrom(responder)) {
                return false;
            }
            errors.add(error);
            return true;
        }

        /** An undecodable reply is one failed reply; the others still count. */
        @Override
        synchronized boolean onUndecodable(RuntimeException cause, String responder) {
            if (future.isDone() || !firstFrom(responder)) {
                return false;
            }
            errors.add(cause);
            return true;
        }

        private boolean firstFrom(String responder) {
            return responder == null || responders.add(responder);
        }

        @Override
        synchronized void onTimeout() {
            if (replies.size() >= min) {
                finish(List.copyOf(replies));
                return;
            }
            String message = "Scatter on '" + topic + "' got " + replies.size() + " of the " + min
                    + " replies it needs within " + timeout
                    + (errors.isEmpty() ? "" : " (" + errors.size() + " responder(s) replied with an error or an undecodable reply, first: "
                            + errors.get(0).getMessage() + ")");
            RequestTimeoutException timeoutException = new RequestTimeoutException(message, topic, timeout, replies);
            errors.forEach(timeoutException::addSuppressed);
            finishExceptionally(timeoutException);
        }
    }

    /**
     * The first successful reply from any of several topics wins. The request fails before its
     * timeout only when every topic has failed: a topic fails when publishing to it failed or when
     * a responder answered with an error (or an undecodable reply); a responder counts once,
     * however many error replies it sends (a redelivered request is answered again).
     */
    static final class First<R> extends PendingReplies<Message<R>> {

        private final int topics;

        private final List<Throwable> errors = new ArrayList<>();

        private final Set<String> failedResponders = new HashSet<>();

        private int failures;

        First(String correlationId, List<String> topics, Type replyType, Duration timeout) {
            super(correlationId, String.join(", ", topics), replyType, timeout);
            this.topics = topics.size();
        }

        @Override
        @SuppressWarnings("unchecked") // decoded into replyType, which is R
        boolean onReply(Message<?> reply, String responder) {
            return finish((Message<R>) reply);
        }

        @Override
        synchronized boolean onError(RemoteAgentException error, String responder) {
            return failed(error, responder);
        }

        @Override
        synchronized boolean onUndecodable(RuntimeException cause, String responder) {
            return failed(cause, responder);
        }

        @Override
        synchronized void onPublishFailed(String failedTopic, Throwable cause) {
            failed(cause, null);
        }

        private boolean failed(Throwable error, String responder) {
            if (future.isDone()) {
                return false;
            }
            if (responder != null && !failedResponders.add(responder)) {
                return true; // this responder's failure is already counted
            }
            errors.add(error);
            failures++;
            if (failures >= topics) {
                // every topic failed: no reply can win any more
                Throwable first = errors.get(0);
                errors.stream().skip(1).forEach(first::addSuppressed);
                finishExceptionally(first);
            }
            return true;
        }

        @Override
        synchronized void onTimeout() {
            RequestTimeoutException timeoutException = new RequestTimeoutException("No successful reply from any of ["
                    + topic + "] within " + timeout
                    + (errors.isEmpty() ? "" : " (" + errors.size() + " failed)"), topic, timeout,
                    List.of());
            errors.forEach(timeoutException::addSuppressed);
            finishExceptionally(timeoutException);
        }
    }

    static AmbException closed(String topic) {
        return new AmbException("The message bus was closed while a request on '" + topic + "' waited for its reply");
    }
}
