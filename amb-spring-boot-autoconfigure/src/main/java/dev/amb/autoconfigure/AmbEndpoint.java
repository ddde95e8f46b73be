package dev.amb.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

import dev.amb.AmbHeaders;
import dev.amb.DeadLetters;
import dev.amb.MessageFilter;
import dev.amb.Subscription;
import dev.amb.core.DefaultMessageBus;
import dev.amb.core.ManagedSubscription;
import dev.amb.listener.AgentEndpointRegistry;
import dev.amb.listener.EndpointContainer;

/**
 * The {@code amb} actuator endpoint. Read ({@code GET /actuator/amb}): see
 * {@link AmbEndpointReport}. Write:
 * <ul>
 * <li>{@code POST /actuator/amb/{id}} with {@code {"action": "pause"|"resume"|"stop"|"start"}}: an
 * annotated endpoint by id (all four), another open subscription by id (pause, resume, stop), or
 * a dead-letter replay by id (stop);</li>
 * <li>{@code POST /actuator/amb} with optional {@code topic} (the original topic) and
 * {@code reason} ({@code amb-dlq-reason}): starts replaying the dead letters that match through
 * {@link DeadLetters#replay(MessageFilter)}, until stopped by its id.</li>
 * </ul>
 * Ids that contain URL delimiters (a generated id such as {@code jobs#3}) must be URL-encoded
 * ({@code jobs%233}). Like every actuator endpoint it is exposed over HTTP only when listed in
 * {@code management.endpoints.web.exposure.include}, and secured like the others.
 *
 * <p><b>Threading:</b> thread safe.
 *
 * @since 0.3.0
 */
@Endpoint(id = "amb")
public class AmbEndpoint {

    private final DefaultMessageBus bus;

    private final AgentEndpointRegistry registry;

    private final DeadLetters deadLetters;

    private final Map<String, Subscription> replays = new ConcurrentHashMap<>();

    private final AtomicInteger replaySequence = new AtomicInteger();

    /**
     * @param bus the bus
     * @param registry the annotated endpoints, or {@code null}
     * @param deadLetters dead-letter replay
     */
    public AmbEndpoint(DefaultMessageBus bus, AgentEndpointRegistry registry, DeadLetters deadLetters) {
        this.bus = bus;
        this.registry = registry;
        this.deadLetters = deadLetters;
    }

    /** @return the agent's state */
    @ReadOperation
    public AmbEndpointReport report() {
        replays.values().removeIf(replay -> !replay.isActive());
        List<EndpointContainer> containers = registry != null ? List.copyOf(registry.getEndpointContainers()) : List.of();
        return AmbEndpointReport.of(bus, containers, List.copyOf(replays.keySet()));
    }

    /**
     * Changes an endpoint's, a subscription's or a replay's state.
     * @param id its id
     * @param action {@code pause}, {@code resume}, {@code stop} or {@code start}
     * @return the id, the action and the resulting state
     */
    @WriteOperation
    public Map<String, String> changeState(@Selector String id, String action) {
        Action parsed = Action.parse(action);
        EndpointContainer container = registry != null ? registry.getEndpointContainer(id) : null;
        if (container != null) {
            switch (parsed) {
                case PAUSE -> container.pause();
                case RESUME -> container.resume();
                case STOP -> container.stop();
                case START -> container.start();
            }
            return result(id, parsed, AmbEndpointReport.EndpointEntry.of(container).state());
        }
        Subscription replay = replays.get(id);
        if (replay != null && parsed == Action.STOP) {
            replay.close();
            replays.remove(id);
            return result(id, parsed, ManagedSubscription.State.CLOSED.name());
        }
        ManagedSubscription subscription = find(id).orElseThrow(() -> new InvalidEndpointRequestException(
                "No AMB endpoint, subscription or replay has the id '" + id + "'", "Unknown id"));
        switch (parsed) {
            case PAUSE -> subscription.pause();
            case RESUME -> subscription.resume();
            case STOP -> subscription.close();
            case START -> throw new InvalidEndpointRequestException("'" + id
                    + "' is not an annotated endpoint: a closed subscription cannot be started again", "Cannot start");
        }
        return result(id, parsed, subscription.state().name());
    }

    /**
     * Starts republishing dead letters to their original topics as they arrive (including those
     * waiting on the dead-letter topic, where the broker keeps them), until stopped by the returned id.
     * @param topic only dead letters from this original topic, or all
     * @param reason only dead letters with this reason ({@code retries-exhausted}, {@code undecodable}, ...), or all
     * @return the replay's id ({@code replay-1}, ...), for stopping it
     */
    // Spring's @Nullable marks the optional parameters on both Boot lines: Boot 3.5 looks for exactly
    // this annotation, Boot 4 for any declaration annotation named Nullable (Spring 7's Nullness).
    // Boot has no @OptionalParameter on either line, and Boot 3.5 ignores JSpecify's @Nullable.
    @WriteOperation
    public Map<String, String> replayDeadLetters(@Nullable String topic, @Nullable String reason) {
        MessageFilter selector = message -> true;
        if (topic != null) {
            selector = selector.and(MessageFilter.header(AmbHeaders.DEAD_LETTER_TOPIC, topic));
        }
        if (reason != null) {
            selector = selector.and(MessageFilter.header(AmbHeaders.DEAD_LETTER_REASON, reason));
        }
        Subscription replay = deadLetters.replay(selector);
        String id = "replay-" + replaySequence.incrementAndGet();
        replays.put(id, replay);
        return Map.of("replay", id, "deadLetterTopic", deadLetters.topic());
    }

    private Optional<ManagedSubscription> find(String id) {
        return bus.managedSubscriptions().stream().filter(subscription -> subscription.id().equals(id)).findFirst();
    }

    private static Map<String, String> result(String id, Action action, String state) {
        return Map.of("id", id, "action", action.name().toLowerCase(Locale.ROOT), "state", state);
    }

    private enum Action {
        PAUSE, RESUME, STOP, START;

        static Action parse(String action) {
            for (Action candidate : values()) {
                if (candidate.name().equalsIgnoreCase(action)) {
                    return candidate;
                }
            }
            throw new InvalidEndpointRequestException("Unknown action '" + action
                    + "': use pause, resume, stop or start", "Unknown action");
        }
    }
}
