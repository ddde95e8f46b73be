package dev.amb.samples.supervisor;

import java.io.PrintStream;

import org.springframework.stereotype.Component;

/**
 * Where the supervisor tells what it sees: one line per event, tagged with the pattern it belongs
 * to, on standard output. Thread safe.
 *
 * @since 0.1.0
 */
@Component
public class Transcript {

    private final PrintStream out = System.out;

    /** Creates the transcript (Spring does). */
    Transcript() {
    }

    /**
     * Prints one line.
     * @param tag the pattern, e.g. {@code roster} or {@code vote}
     * @param text what happened
     */
    public void line(String tag, String text) {
        synchronized (out) {
            out.printf("%-17s %s%n", "[" + tag + "]", text);
        }
    }
}
