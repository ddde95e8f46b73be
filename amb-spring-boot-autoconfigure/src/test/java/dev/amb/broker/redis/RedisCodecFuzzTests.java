package dev.amb.broker.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.amb.kit.FuzzInputs;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the Redis codecs (10,000 cases each, fixed seeds): stream entries with hostile
 * fields ({@link StreamEntryCodec}) and pub/sub frames of any bytes ({@link PubSubFrame}) always
 * decode into a well-formed envelope on their topic; every envelope the bus can send survives a
 * stream entry unchanged.
 */
class RedisCodecFuzzTests {

    @Provide
    Arbitrary<Map<String, byte[]>> entries() {
        return Arbitraries.randomValue(RedisCodecFuzzTests::entry);
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return Arbitraries.randomValue(FuzzInputs::bytes);
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        return Arbitraries.randomValue(random -> FuzzInputs.envelope(random, "fuzz.topic"));
    }

    static Map<String, byte[]> entry(Random random) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            fields.put(FuzzInputs.hostileHeaderName(random), random.nextInt(10) == 0 ? null : FuzzInputs.headerBytes(random));
        }
        if (random.nextBoolean()) {
            fields.put("data", FuzzInputs.bytes(random));
        }
        return fields;
    }

    @Property(tries = 10_000, seed = "20261217")
    void anyStreamEntryDecodesIntoAnEnvelopeOnItsTopic(@ForAll("entries") Map<String, byte[]> fields) {
        Envelope envelope = StreamEntryCodec.decode("fuzz.topic", "1-0", fields);
        assertThat(envelope.topic()).isEqualTo("fuzz.topic");
        assertThat(envelope.id()).isNotNull();
        assertThat(envelope.data()).isNotNull();
    }

    @Property(tries = 10_000, seed = "20261218")
    void anyPubSubFrameDecodesIntoAnEnvelope(@ForAll("frames") byte[] bytes) {
        PubSubFrame frame = PubSubFrame.arrived("fuzz.topic", bytes).decoded();
        assertThat(frame.envelope().id()).isNotNull();
        assertThat(frame.envelope().data()).isNotNull();
        assertThat(frame.claimId()).isNotNull();
    }

    @Property(tries = 10_000, seed = "20261219")
    void everyEnvelopeSurvivesAStreamEntry(@ForAll("envelopes") Envelope envelope) {
        FuzzInputs.assertSameEnvelope(StreamEntryCodec.decode("fuzz.topic", "1-0", StreamEntryCodec.encode(envelope)),
                envelope);
    }
}
