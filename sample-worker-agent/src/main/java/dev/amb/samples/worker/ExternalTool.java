package dev.amb.samples.worker;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * A simulated third-party classifier, standing in for an HTTP API the worker does not control.
 * It starts in an outage: its first {@code worker.external-tool.initial-failures} calls fail, then
 * every call succeeds. Its labels depend only on the text. Thread safe.
 */
@Component
class ExternalTool {

    private final int initialFailures;

    private final AtomicInteger calls = new AtomicInteger();

    ExternalTool(WorkerProperties properties) {
        this.initialFailures = properties.getExternalTool().getInitialFailures();
    }

    /**
     * Labels a text.
     * @throws ToolUnavailableException during the simulated outage
     */
    String classify(String text) {
        int call = calls.incrementAndGet();
        if (call <= initialFailures) {
            throw new ToolUnavailableException("external classifier unavailable (HTTP 503), call " + call + " of the "
                    + initialFailures + "-call outage");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("broker") || lower.contains("message")) {
            return "messaging";
        }
        if (lower.contains("agent")) {
            return "agents";
        }
        return "general";
    }

    /** The tool did not answer. */
    static class ToolUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ToolUnavailableException(String message) {
            super(message);
        }
    }
}
