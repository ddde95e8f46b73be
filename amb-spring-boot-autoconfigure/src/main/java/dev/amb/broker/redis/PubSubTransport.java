package dev.amb.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.SetArgs;

import dev.amb.AmbException;
import dev.amb.spi.DeliveryHandler;
import dev.amb.spi.Envelope;
import dev.amb.spi.SubscriptionSpec;
import dev.amb.spi.support.StructuredEnvelopeCodec;
import dev.amb.topic.TopicPattern;

/**
 * Pub/sub mode: a topic is a channel, an envelope a structured CloudEvent (JSON) published on it.
 * A literal pattern is a {@code SUBSCRIBE} to its channel, a wildcard pattern one
 * {@code PSUBSCRIBE} to a {@link RedisGlob} at least as broad (the bus filters exactly). Groups
 * share messages through claims ({@link PubSubGroup}).
 *
 * <p>Also used in Streams mode for request/reply inboxes (see {@link RedisNames}).
 */
final class PubSubTransport {

    private final RedisRuntime runtime;

    private final PubSubRouter router;

    private final byte[] claimValue;

    /** {@code SET NX PX <group-claim-ttl>}: built once, Lettuce only reads it. */
    private final SetArgs claimArgs;

    /** Local groups by group name and route; guarded by itself. */
    private final Map<String, PubSubGroup> groups = new HashMap<>();

    PubSubTransport(RedisRuntime runtime) {
        this.runtime = runtime;
        this.router = new PubSubRouter(runtime);
        this.claimValue = runtime.instanceId().getBytes(StandardCharsets.UTF_8);
        this.claimArgs = SetArgs.Builder.nx().px(runtime.settings().groupClaimTtl());
    }

    /** @return the {@code PUBLISH} command (its value: how many clients received it) */
    CompletableFuture<?> publish(Envelope envelope) {
        byte[] bytes = StructuredEnvelopeCodec.encode(envelope);
        return runtime.link(envelope.topic()).commands().publish(envelope.topic(), bytes).toCompletableFuture();
    }

    PubSubSubscription subscribe(SubscriptionSpec spec, TopicPattern pattern, DeliveryHandler handler) {
        boolean glob = !pattern.isLiteral();
        String route = glob ? RedisGlob.of(pattern) : pattern.value();
        PubSubSubscription subscription = new PubSubSubscription(runtime, spec, handler);
        if (!spec.grouped()) {
            subscription.onClose(() -> router.remove(route, glob, subscription));
            router.add(route, glob, subscription);
            return subscription;
        }
        String key = spec.groupKey().id() + (glob ? "|p|" : "|c|") + route;
        PubSubGroup group;
        synchronized (groups) {
            group = groups.computeIfAbsent(key, k -> new PubSubGroup(this, runtime, spec.groupKey().id(), route));
            group.add(subscription);
        }
        subscription.onClose(() -> leave(key, group, subscription, route, glob));
        try {
            router.add(route, glob, group);
        }
        catch (RuntimeException ex) {
            subscription.close(Duration.ZERO);
            throw ex;
        }
        return subscription;
    }

    private void leave(String key, PubSubGroup group, PubSubSubscription member, String route, boolean glob) {
        boolean empty;
        synchronized (groups) {
            empty = group.remove(member);
            if (empty) {
                groups.remove(key, group);
            }
        }
        if (empty) {
            router.remove(route, glob, group);
        }
    }

    /**
     * Claims a message for this instance's members of a group.
     * @return {@code true} when this instance won the claim
     */
    CompletableFuture<Boolean> claim(String group, String channel, String claimId) {
        RedisLink link = runtime.link(group);
        if (!link.isOpen()) {
            return CompletableFuture.failedFuture(new AmbException("Redis at " + runtime.connector().description()
                    + " is not connected"));
        }
        String key = runtime.names().claimKey(group, channel, claimId);
        try {
            return link.commands().set(key, claimValue, claimArgs).toCompletableFuture().thenApply("OK"::equals);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    CompletableFuture<Void> close() {
        return router.close();
    }

    /** @return why the pub/sub connection is not usable, or {@code null} */
    String connectionProblem() {
        return router.connectionProblem();
    }
}
