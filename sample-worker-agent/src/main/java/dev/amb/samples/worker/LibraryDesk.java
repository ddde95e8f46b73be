package dev.amb.samples.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.amb.annotation.AgentResponder;

/**
 * Serves documents as a primary or a backup replica ({@code worker.library.role}). The supervisor
 * asks both at once and takes the first answer: the primary answers at once, a backup after
 * {@code worker.library.backup-delay}, so the backup only wins when the primary is missing or
 * failing. Replicas of one role form a group, so one of them answers each request.
 */
@Component
class LibraryDesk {

    private final DocumentLibrary library;

    private final WorkerProperties properties;

    private final Executor replyExecutor;

    LibraryDesk(DocumentLibrary library, WorkerProperties properties) {
        this.library = library;
        this.properties = properties;
        WorkerProperties.Library settings = properties.getLibrary();
        this.replyExecutor = "backup".equals(settings.getRole())
                ? CompletableFuture.delayedExecutor(settings.getBackupDelay().toMillis(), TimeUnit.MILLISECONDS)
                : Runnable::run;
    }

    @AgentResponder(topic = "${agent-system.name}.library.${worker.library.role}.fetch",
            group = "library-${worker.library.role}")
    CompletableFuture<DocumentCopy> fetch(FetchRequest request) throws Exception {
        DocumentCopy copy = new DocumentCopy(request.documentId(), library.read(request.documentId()),
                properties.getId(), properties.getLibrary().getRole());
        return CompletableFuture.supplyAsync(() -> copy, replyExecutor);
    }
}
