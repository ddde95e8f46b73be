package dev.amb.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.amb.MessageBus;

/**
 * Publishes each audit record to an audit topic (default {@code amb.audit}), for auditing agents
 * to collect: the payload is a map of the record's fields. Records about the audit topic itself are
 * not published again. A failed publish is logged, never thrown. Thread safe.
 *
 * @since 0.1.0
 */
public final class TopicAuditSink implements AuditSink {

    private static final Log logger = LogFactory.getLog(TopicAuditSink.class);

    private final Supplier<MessageBus> bus;

    private final String topic;

    /**
     * @param bus the bus to publish with, looked up on first use (the bus itself depends on the audit interceptors)
     * @param topic the audit topic
     */
    public TopicAuditSink(Supplier<MessageBus> bus, String topic) {
        this.bus = bus;
        this.topic = topic;
    }

    @Override
    public void record(AuditRecord record) {
        if (topic.equals(record.topic())) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", record.time().toString());
        event.put("principal", record.principal());
        event.put("type", record.type());
        event.put("topic", record.topic());
        event.put("messageId", record.messageId());
        event.put("details", record.details());
        try {
            bus.get().publish(topic, event).whenComplete((ok, error) -> {
                if (error != null) {
                    logger.warn("Could not publish audit record " + record.type() + " for '" + record.topic() + "' to '"
                            + topic + "'", error);
                }
            });
        }
        catch (RuntimeException ex) {
            logger.warn("Could not publish audit record " + record.type() + " for '" + record.topic() + "' to '" + topic
                    + "'", ex);
        }
    }
}
