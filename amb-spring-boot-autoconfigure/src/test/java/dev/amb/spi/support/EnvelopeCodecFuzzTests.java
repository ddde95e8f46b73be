package dev.amb.spi.support;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.amb.MessageSerializationException;
import dev.amb.kit.FuzzInputs;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the two byte-level envelope codecs (10,000 cases each, fixed seeds): whatever
 * arrives, decoding returns a well-formed envelope or throws a {@link MessageSerializationException}
 * naming the problem, nothing else; and every envelope the bus can send comes back unchanged.
 */
class EnvelopeCodecFuzzTests {

    @Provide
    Arbitrary<byte[]> wireBytes() {
        return Arbitraries.randomValue(FuzzInputs::bytes);
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        return Arbitraries.randomValue(random -> FuzzInputs.envelope(random, "fuzz.topic"));
    }

    @Provide
    Arbitrary<byte[]> structuredEvents() {
        return Arbitraries.randomValue((Random random) -> random.nextBoolean() ? FuzzInputs.structuredEvent(random)
                : FuzzInputs.mutate(random, FuzzInputs.structuredEvent(random)));
    }

    @Property(tries = 10_000, seed = "20261206")
    void binaryDecodingReturnsAnEnvelopeOrASerializationException(@ForAll("wireBytes") byte[] bytes) {
        try {
            assertWellFormed(BinaryEnvelopeCodec.decode(bytes));
        }
        catch (MessageSerializationException expected) {
            assertThat(expected).hasMessageContaining("envelope");
        }
    }

    @Property(tries = 10_000, seed = "20261207")
    void structuredDecodingReturnsAnEnvelopeOrASerializationException(@ForAll("structuredEvents") byte[] bytes) {
        boolean cloudEvent = StructuredEnvelopeCodec.looksLikeCloudEvent(bytes);
        try {
            Envelope envelope = StructuredEnvelopeCodec.decode(bytes, "fuzz.topic", cloudEvent);
            assertWellFormed(envelope);
        }
        catch (MessageSerializationException expected) {
            assertThat(cloudEvent).as("only bytes that claim to be a CloudEvent can be invalid").isTrue();
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 10_000, seed = "20261208")
    void anythingThatIsNotACloudEventIsDeliveredAsPlainData(@ForAll("wireBytes") byte[] bytes) {
        if (!StructuredEnvelopeCodec.looksLikeCloudEvent(bytes)) {
            Envelope envelope = StructuredEnvelopeCodec.decode(bytes, "fuzz.topic");
            assertThat(envelope.data()).isEqualTo(bytes);
            assertThat(envelope.topic()).isEqualTo("fuzz.topic");
        }
    }

    @Property(tries = 10_000, seed = "20261209")
    void everyEnvelopeSurvivesTheBinaryForm(@ForAll("envelopes") Envelope envelope) {
        Envelope decoded = BinaryEnvelopeCodec.decode(BinaryEnvelopeCodec.encode(envelope));
        FuzzInputs.assertSameEnvelope(decoded, envelope);
        assertThat(decoded.contentType()).isEqualTo(envelope.contentType());
    }

    @Property(tries = 10_000, seed = "20261210")
    void everyEnvelopeSurvivesTheStructuredForm(@ForAll("envelopes") Envelope envelope) {
        // "data": null is no data in the CloudEvents JSON format (the bus sends null as an empty payload)
        Assume.that(!new String(envelope.data(), StandardCharsets.UTF_8).equals("null"));
        Envelope decoded = StructuredEnvelopeCodec.decode(StructuredEnvelopeCodec.encode(envelope), "elsewhere");
        FuzzInputs.assertSameEnvelope(decoded, envelope);
    }

    /** The parts every consumer relies on are there. */
    static void assertWellFormed(Envelope envelope) {
        assertThat(envelope.id()).isNotNull();
        assertThat(envelope.topic()).isNotNull();
        assertThat(envelope.data()).isNotNull();
    }
}
