package dev.amb.security;

/**
 * Where audit records go: Spring Boot's {@code AuditEventRepository} (the auto-configuration adapts
 * it), an audit topic ({@link TopicAuditSink}), or anything else. Called on publishing and delivery
 * threads: implementations must be thread safe, must not block for long and must not throw.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AuditSink {

    /** A sink that drops every record. */
    AuditSink NONE = record -> {
    };

    /**
     * Records one audit record.
     * @param record the record
     */
    void record(AuditRecord record);
}
