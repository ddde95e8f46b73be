package dev.amb.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bus's memory of messages handed back to the broker is bounded by time, not by count. */
class TimedMemoryTests {

    private final AtomicLong now = new AtomicLong();

    private final TimedMemory<Integer> memory = new TimedMemory<>(Duration.ofMinutes(10), now::get);

    @Test
    void remembersEveryEntryWithinItsTimeToLiveHoweverManyThereAre() {
        for (int i = 0; i < 20_000; i++) {
            memory.put("message-" + i, i);
        }

        assertThat(memory.remove("message-19999")).isEqualTo(19_999);
        assertThat(memory.remove("message-0")).isZero();
        assertThat(memory.remove("message-0")).as("forgotten once taken").isNull();
    }

    @Test
    void forgetsEntriesOlderThanTheTimeToLive() {
        memory.put("old", 1);
        now.addAndGet(Duration.ofMinutes(9).toNanos());
        memory.put("recent", 2);
        now.addAndGet(Duration.ofMinutes(2).toNanos());

        assertThat(memory.remove("old")).isNull();
        memory.put("trigger-sweep", 3);
        assertThat(memory.size()).as("the old entry was swept").isEqualTo(2);
        assertThat(memory.remove("recent")).isEqualTo(2);
    }
}
