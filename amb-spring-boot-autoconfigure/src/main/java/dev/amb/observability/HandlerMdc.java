package dev.amb.observability;

import org.slf4j.MDC;

import dev.amb.spi.Envelope;

/**
 * Puts {@value #MESSAGE_ID} and {@value #TOPIC} into the SLF4J MDC around a handler invocation and
 * restores what was there afterwards, so that handler logs name the message. Does nothing when
 * SLF4J is not on the class path. The tracer (through micrometer-tracing) adds {@code traceId} and
 * {@code spanId} itself while the process observation is in scope.
 */
final class HandlerMdc {

    /** The MDC key of the message id. */
    static final String MESSAGE_ID = "amb.messageId";

    /** The MDC key of the topic. */
    static final String TOPIC = "amb.topic";

    private static final boolean PRESENT = present();

    private HandlerMdc() {
    }

    private static boolean present() {
        try {
            Class.forName("org.slf4j.MDC", false, HandlerMdc.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /**
     * Puts the message's keys.
     * @return what to call afterwards (restores the previous values)
     */
    static Runnable put(Envelope envelope) {
        return PRESENT ? Slf4j.put(envelope) : () -> {
        };
    }

    /** Touches SLF4J only when it is present. */
    private static final class Slf4j {

        static Runnable put(Envelope envelope) {
            String previousId = MDC.get(MESSAGE_ID);
            String previousTopic = MDC.get(TOPIC);
            MDC.put(MESSAGE_ID, envelope.id());
            MDC.put(TOPIC, envelope.topic());
            return () -> {
                restore(MESSAGE_ID, previousId);
                restore(TOPIC, previousTopic);
            };
        }

        private static void restore(String key, String previous) {
            if (previous == null) {
                MDC.remove(key);
            }
            else {
                MDC.put(key, previous);
            }
        }
    }
}
