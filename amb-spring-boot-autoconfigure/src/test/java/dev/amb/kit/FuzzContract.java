package dev.amb.kit;

import org.junit.jupiter.api.Test;

import dev.amb.core.DefaultMessageBus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the real broker: {@value #CASES} hostile envelopes (see {@link BusFuzz})
 * published through the broker's own wire format to a bus subscription. Each one is handled or
 * dead-lettered with a reason, nothing is lost and the subscription lives on. The 10,000-case run
 * is the memory broker's unit test; here the point is each adapter's codec and settlement on the
 * real wire.
 */
public interface FuzzContract extends KitContract {

    /** Cases per broker. */
    int CASES = 500;

    @Test
    default void hostileMessagesAreEachHandledOrDeadLetteredAndNothingIsLost() {
        DefaultMessageBus bus = kit().bus("fuzz-agent");
        BusFuzz.Result result = BusFuzz.run(kit().broker(), bus, kit().topic("fuzz"), kit().deadLetterTopic(), CASES,
                20261206L, kit().await());
        assertThat(result.sent()).as("most cases fit the broker").isGreaterThan(CASES / 2);
        assertThat(result.handled() + result.deadLettered()).isEqualTo(result.sent());
    }
}
