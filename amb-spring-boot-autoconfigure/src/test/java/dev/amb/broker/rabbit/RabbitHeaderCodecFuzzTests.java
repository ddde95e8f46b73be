package dev.amb.broker.rabbit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.amb.kit.FuzzInputs;
import dev.amb.spi.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzz tests of {@link RabbitHeaderCodec} (10,000 cases each, fixed seeds): properties with hostile
 * headers of every AMQP table type (long strings with non-UTF-8 bytes, numbers, booleans, dates,
 * nested tables and arrays, forged {@code cloudEvents:*} attributes and {@code amb-attempt}
 * values), any content type and any body always decode into a well-formed envelope; every envelope
 * the bus can send comes back unchanged, or is refused at once when a header name exceeds AMQP's 255 bytes.
 */
class RabbitHeaderCodecFuzzTests {

    record Delivery(String routingKey, AMQP.BasicProperties properties, byte[] body) {
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        return Arbitraries.randomValue(RabbitHeaderCodecFuzzTests::delivery);
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        return Arbitraries.randomValue(random -> FuzzInputs.envelope(random, "fuzz.topic"));
    }

    static Delivery delivery(Random random) {
        Map<String, Object> headers = new LinkedHashMap<>();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            headers.put(random.nextInt(6) == 0 ? "amb-attempt" : FuzzInputs.hostileHeaderName(random), value(random));
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
            .contentType(random.nextBoolean() ? FuzzInputs.contentType(random) : null)
            .messageId(random.nextBoolean() ? FuzzInputs.headerValue(random) : null)
            .correlationId(random.nextBoolean() ? FuzzInputs.headerValue(random) : null)
            .replyTo(random.nextBoolean() ? FuzzInputs.headerValue(random) : null)
            .timestamp(random.nextBoolean() ? new Date(random.nextLong() >>> 20) : null)
            .headers(random.nextInt(10) == 0 ? null : headers)
            .build();
        return new Delivery("fuzz.topic", properties, FuzzInputs.bytes(random));
    }

    private static Object value(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> LongStringHelper.asLongString(FuzzInputs.headerBytes(random));
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean();
            case 4 -> new Date(random.nextLong() >>> 20);
            case 5 -> BigDecimal.valueOf(random.nextDouble());
            case 6 -> List.of(FuzzInputs.headerValue(random), random.nextInt());
            case 7 -> Map.of("nested", FuzzInputs.headerValue(random));
            default -> FuzzInputs.headerValue(random);
        };
    }

    @Property(tries = 10_000, seed = "20261215")
    void anyDeliveryDecodesIntoAWellFormedEnvelope(@ForAll("deliveries") Delivery delivery) {
        Envelope envelope = RabbitHeaderCodec.decode(delivery.routingKey(), delivery.properties(), delivery.body());
        assertThat(envelope.topic()).isNotNull();
        assertThat(envelope.id()).isNotNull();
        assertThat(envelope.data()).isNotNull();
        assertThat(RabbitHeaderCodec.attempt(delivery.properties())).isPositive();
    }

    @Property(tries = 10_000, seed = "20261216")
    void everyEnvelopeSurvivesTheHeaderForm(@ForAll("envelopes") Envelope envelope) {
        // no frame limit: shortening headers to fit a frame is the one change allowed, tested on its own
        boolean tooLong = envelope.headers().keySet().stream()
            .anyMatch(name -> RabbitHeaderCodec.userHeaderName(name).getBytes(StandardCharsets.UTF_8).length > 255);
        if (tooLong) {
            // AMQP header names are short strings: refused, naming the limit, before anything is sent
            assertThatThrownBy(() -> RabbitHeaderCodec.encode(envelope, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 255 bytes");
            return;
        }
        AMQP.BasicProperties properties = RabbitHeaderCodec.encode(envelope, 1, 0);
        FuzzInputs.assertSameEnvelope(RabbitHeaderCodec.decode("fuzz.topic", properties, envelope.data()), envelope);
    }
}
