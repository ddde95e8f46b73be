package dev.amb.samples.supervisor;

import java.util.Map;

import dev.amb.AmbHeaders;
import dev.amb.Message;

/**
 * What a dead letter says about the message that failed.
 * @param taskId the original message's {@code task-id} header, or {@code null}
 * @param topic the topic the original was published to
 * @param group the group of the subscription that gave up, or {@code null}
 * @param reason why ({@code retries-exhausted}, {@code undecodable}...)
 * @param attempts how many times it was tried
 * @param errorClass the last error's class name, or {@code null}
 * @param errorMessage the last error's message, or {@code null}
 * @param originalSender the agent that sent the original
 * @since 0.1.0
 */
public record DeadLetterReport(String taskId, String topic, String group, String reason, int attempts,
        String errorClass, String errorMessage, String originalSender) {

    /** The user header the supervisor puts on the tasks it sends, to recognise their dead letters. */
    public static final String TASK_ID = "task-id";

    static DeadLetterReport of(Message<?> deadLetter) {
        Map<String, String> headers = deadLetter.headers();
        return new DeadLetterReport(headers.get(TASK_ID), headers.get(AmbHeaders.DEAD_LETTER_TOPIC),
                headers.get(AmbHeaders.DEAD_LETTER_GROUP), headers.get(AmbHeaders.DEAD_LETTER_REASON),
                Integer.parseInt(headers.getOrDefault(AmbHeaders.DEAD_LETTER_ATTEMPTS, "0")),
                headers.get(AmbHeaders.DEAD_LETTER_ERROR_CLASS), headers.get(AmbHeaders.DEAD_LETTER_ERROR_MESSAGE),
                headers.get(AmbHeaders.DEAD_LETTER_ORIGINAL_SENDER));
    }

    /** @return the last error's simple class name and message, e.g. {@code IllegalStateException: boom} */
    public String error() {
        if (errorClass == null) {
            return "no error";
        }
        return errorClass.substring(errorClass.lastIndexOf('.') + 1).replace('$', '.') + ": " + errorMessage;
    }
}
