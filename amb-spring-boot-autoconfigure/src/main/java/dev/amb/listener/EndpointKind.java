package dev.amb.listener;

/**
 * What an endpoint does with its messages.
 *
 * @since 0.1.0
 */
public enum EndpointKind {

    /** An {@code @AgentListener}: handles messages. */
    LISTENER,

    /** An {@code @AgentResponder}: answers requests with its return value. */
    RESPONDER;

    String annotation() {
        return this == LISTENER ? "@AgentListener" : "@AgentResponder";
    }
}
