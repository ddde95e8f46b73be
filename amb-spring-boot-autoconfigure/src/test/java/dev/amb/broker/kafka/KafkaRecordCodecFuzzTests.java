package dev.amb.broker.kafka;

import java.util.Optional;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import dev.amb.kit.FuzzInputs;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of {@link KafkaRecordCodec} (10,000 cases each, fixed seeds): records with hostile
 * headers (any names, non-UTF-8 and huge values, forged {@code ce_*} attributes, wrong content
 * types) and any value always decode into a well-formed envelope on the record's topic; every
 * envelope the bus can send comes back unchanged.
 */
class KafkaRecordCodecFuzzTests {

    @Provide
    Arbitrary<ConsumerRecord<byte[], byte[]>> records() {
        return Arbitraries.randomValue(KafkaRecordCodecFuzzTests::record);
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        return Arbitraries.randomValue(random -> FuzzInputs.envelope(random, "fuzz.topic"));
    }

    static ConsumerRecord<byte[], byte[]> record(Random random) {
        RecordHeaders headers = new RecordHeaders();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            headers.add(FuzzInputs.hostileHeaderName(random), random.nextInt(10) == 0 ? null : FuzzInputs.headerBytes(random));
        }
        if (random.nextBoolean()) {
            headers.add("content-type", FuzzInputs.contentType(random).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] value = random.nextInt(20) == 0 ? null : FuzzInputs.bytes(random);
        return new ConsumerRecord<>("fuzz.topic", 0, random.nextInt(1000), random.nextBoolean() ? -1 : random.nextLong() >>> 20,
                TimestampType.CREATE_TIME, -1, -1, null, value, headers, Optional.empty());
    }

    @Property(tries = 10_000, seed = "20261211")
    void anyRecordDecodesIntoAnEnvelopeOnItsTopic(@ForAll("records") ConsumerRecord<byte[], byte[]> record) {
        Envelope envelope = KafkaRecordCodec.decode(record, "fuzz.topic");
        assertThat(envelope.topic()).isEqualTo("fuzz.topic");
        assertThat(envelope.id()).isNotNull();
        assertThat(envelope.data()).isNotNull();
    }

    @Property(tries = 10_000, seed = "20261212")
    void everyEnvelopeSurvivesTheRecordForm(@ForAll("envelopes") Envelope envelope) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("fuzz.topic", 0, 0, -1, TimestampType.CREATE_TIME, -1,
                -1, null, envelope.data(), KafkaRecordCodec.headers(envelope), Optional.empty());
        FuzzInputs.assertSameEnvelope(KafkaRecordCodec.decode(record, "fuzz.topic"), envelope);
    }
}
