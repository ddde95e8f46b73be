package dev.amb.samples.worker;

/**
 * The messages of the word-count task.
 */
public final class WordCount {

    private WordCount() {
    }

    /**
     * A chunk of text to count.
     * @param taskId the task's id
     * @param text the text
     */
    public record Task(String taskId, String text) {
    }

    /**
     * The count for one task.
     * @param taskId the task's id
     * @param words the number of words
     * @param worker the agent that counted
     */
    public record Result(String taskId, int words, String worker) {
    }
}
