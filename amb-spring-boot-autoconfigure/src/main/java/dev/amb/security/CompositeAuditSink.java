package dev.amb.security;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands each record to several sinks; one that throws does not stop the others. Thread safe.
 *
 * @since 0.1.0
 */
public final class CompositeAuditSink implements AuditSink {

    private static final Log logger = LogFactory.getLog(CompositeAuditSink.class);

    private final List<AuditSink> sinks;

    /** @param sinks the sinks, in order */
    public CompositeAuditSink(List<? extends AuditSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void record(AuditRecord record) {
        for (AuditSink sink : sinks) {
            try {
                sink.record(record);
            }
            catch (RuntimeException ex) {
                logger.warn("Audit sink " + sink.getClass().getName() + " failed on " + record.type(), ex);
            }
        }
    }
}
