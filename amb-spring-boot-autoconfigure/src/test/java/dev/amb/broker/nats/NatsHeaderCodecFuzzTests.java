package dev.amb.broker.nats;

import java.util.Random;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.amb.kit.FuzzInputs;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of {@link NatsHeaderCodec} (10,000 cases each, fixed seeds): messages with hostile
 * headers (whatever jnats lets through: forged {@code ce-} attributes, malformed percent-encoding,
 * huge values, wrong content types) and any payload always decode into a well-formed envelope on
 * the subject's topic; every envelope the bus can send comes back unchanged.
 */
class NatsHeaderCodecFuzzTests {

    @Provide
    Arbitrary<Message> messages() {
        return Arbitraries.randomValue(NatsHeaderCodecFuzzTests::message);
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        return Arbitraries.randomValue(random -> FuzzInputs.envelope(random, "fuzz.topic"));
    }

    static Message message(Random random) {
        Headers headers = new Headers();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            try {
                headers.add(FuzzInputs.hostileHeaderName(random), FuzzInputs.headerValue(random));
            }
            catch (IllegalArgumentException refused) {
                // jnats refuses names and values a NATS server would not deliver either
            }
        }
        if (random.nextBoolean()) {
            headers.put("Content-Type", FuzzInputs.contentType(random));
        }
        return NatsMessage.builder().subject("fuzz.topic").headers(headers).data(FuzzInputs.bytes(random)).build();
    }

    @Property(tries = 10_000, seed = "20261213")
    void anyMessageDecodesIntoAnEnvelopeOnItsTopic(@ForAll("messages") Message message) {
        Envelope envelope = NatsHeaderCodec.decode(message, "fuzz.topic");
        assertThat(envelope.topic()).isEqualTo("fuzz.topic");
        assertThat(envelope.id()).isNotNull();
        assertThat(envelope.data()).isNotNull();
    }

    @Property(tries = 10_000, seed = "20261214")
    void everyEnvelopeSurvivesTheHeaderForm(@ForAll("envelopes") Envelope envelope) {
        Message message = NatsMessage.builder().subject("fuzz.topic").headers(NatsHeaderCodec.encode(envelope))
            .data(envelope.data()).build();
        FuzzInputs.assertSameEnvelope(NatsHeaderCodec.decode(message, "fuzz.topic"), envelope);
    }
}
