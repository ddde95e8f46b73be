package dev.amb.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;

import dev.amb.security.AuditRecord;
import dev.amb.security.AuditSink;

/**
 * Adds AMB's audit records to Spring Boot's {@link AuditEventRepository} (shown by
 * {@code /actuator/auditevents}) when the application defines one; does nothing otherwise.
 * Thread safe as far as the repository is.
 *
 * @since 0.1.0
 */
public final class BootAuditSink implements AuditSink {

    private final ObjectProvider<AuditEventRepository> repository;

    BootAuditSink(ObjectProvider<AuditEventRepository> repository) {
        this.repository = repository;
    }

    @Override
    public void record(AuditRecord record) {
        AuditEventRepository events = repository.getIfAvailable();
        if (events == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>(record.details());
        data.put("topic", record.topic());
        if (record.messageId() != null) {
            data.put("messageId", record.messageId());
        }
        events.add(new AuditEvent(record.time(), record.principal(), record.type(), data));
    }
}
