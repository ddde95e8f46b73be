package dev.amb.samples.supervisor;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

import dev.amb.Message;
import dev.amb.annotation.AgentListener;

/**
 * Watches the dead-letter topic ({@code amb.dead-letter.topic}) and reports every message an agent
 * gave up on: where it failed, why, after how many attempts, with which error. Its payload is
 * left undecoded ({@code Object}): the watcher reads only the {@code amb-dlq-*} headers.
 *
 * @since 0.1.0
 */
@Component
public class DeadLetterWatcher {

    private final Observations<DeadLetterReport> reports = new Observations<>();

    private final Transcript transcript;

    DeadLetterWatcher(Transcript transcript) {
        this.transcript = transcript;
    }

    @AgentListener(topics = "${amb.dead-letter.topic:amb.dead-letter}")
    void onDeadLetter(Message<Object> deadLetter) {
        DeadLetterReport report = DeadLetterReport.of(deadLetter);
        transcript.line("dead-letter", (report.taskId() != null ? "task " + report.taskId() : "a message") + " on "
                + report.topic() + (report.group() != null ? " (group " + report.group() + ")" : "") + " from "
                + report.originalSender() + ": " + report.reason() + " after " + report.attempts() + " attempts; "
                + report.error());
        reports.add(report);
    }

    /**
     * Waits for a dead letter.
     * @param matcher the report to wait for
     * @param timeout how long to wait
     * @return the first matching report, or empty
     * @throws InterruptedException when interrupted while waiting
     */
    public Optional<DeadLetterReport> await(Predicate<DeadLetterReport> matcher, Duration timeout)
            throws InterruptedException {
        return reports.await(matcher, timeout);
    }
}
