package dev.amb.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.amb.AmbHeaders;
import dev.amb.spi.Envelope;
import dev.amb.spi.OutboundKind;
import dev.amb.spi.support.BinaryEnvelopeCodec;
import dev.amb.spi.support.StructuredEnvelopeCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnvelopeSignaturesTests {

    private static final SigningKey KEY = new SigningKey("k1",
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), null);

    private final Envelope signed = new SigningInterceptor(new StaticSigningKeyResolver("k1", java.util.Map.of("k1", KEY)))
        .beforeSend(Envelope.builder().id("m-1").topic("agents.w1.commands").source("boss")
            .time(Instant.parse("2026-12-06T10:15:30.123456Z")).contentType("application/json")
            .data("{\"cmd\":\"drain\"}".getBytes(StandardCharsets.UTF_8)).header("priority", "high")
            .extension(AmbHeaders.EXT_CORRELATION_ID, "c-1").extension(AmbHeaders.EXT_REPLY_TO, "amb.inbox.boss.x")
            .build(), OutboundKind.PUBLISH);

    private boolean verifies(Envelope envelope) {
        return EnvelopeSignatures.verify(envelope, envelope.extension(AmbHeaders.EXT_SIGNATURE), KEY);
    }

    @Test
    void aSignedEnvelopeVerifiesAfterBinaryAndStructuredRoundTrips() {
        assertThat(signed.extension(AmbHeaders.EXT_SIGNATURE)).startsWith("hmac-sha256:k1:");
        assertThat(verifies(signed)).isTrue();
        assertThat(verifies(BinaryEnvelopeCodec.decode(BinaryEnvelopeCodec.encode(signed)))).isTrue();
        assertThat(verifies(StructuredEnvelopeCodec.decode(StructuredEnvelopeCodec.encode(signed), signed.topic())))
            .isTrue();
    }

    @Test
    void everySignedPartIsCovered() {
        assertThat(verifies(signed.toBuilder().data("{\"cmd\":\"stop\"}".getBytes(StandardCharsets.UTF_8)).build()))
            .isFalse();
        assertThat(verifies(signed.toBuilder().header("priority", "low").build())).isFalse();
        assertThat(verifies(signed.toBuilder().header("extra", "1").build())).isFalse();
        assertThat(verifies(signed.toBuilder().id("m-2").build())).isFalse();
        assertThat(verifies(signed.toBuilder().source("intruder").build())).isFalse();
        assertThat(verifies(signed.toBuilder().topic("agents.w2.commands").build())).isFalse();
        assertThat(verifies(signed.toBuilder().time(signed.time().plusSeconds(1)).build())).isFalse();
        assertThat(verifies(signed.toBuilder().contentType("text/plain").build())).isFalse();
        assertThat(verifies(signed.toBuilder().extension(AmbHeaders.EXT_REPLY_TO, "amb.inbox.evil.x").build())).isFalse();
        assertThat(verifies(signed.toBuilder().extension(AmbHeaders.EXT_CORRELATION_ID, "c-2").build())).isFalse();
        assertThat(verifies(signed.toBuilder().extension(AmbHeaders.EXT_TRACEPARENT,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build())).isTrue();
    }

    @Test
    void malformedSignaturesAndOtherKeysDoNotVerify() {
        SigningKey other = new SigningKey("k1", "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.US_ASCII), null);
        String value = signed.extension(AmbHeaders.EXT_SIGNATURE);
        assertThat(EnvelopeSignatures.verify(signed, value, other)).isFalse();
        assertThat(EnvelopeSignatures.verify(signed, "hmac-sha256:k1:%%%", KEY)).isFalse();
        assertThat(EnvelopeSignatures.verify(signed, "rsa:k1:abc", KEY)).isFalse();
        assertThat(EnvelopeSignatures.keyId("hmac-sha256:k1")).isNull();
    }

    @Test
    void keysRefuseShortSecretsAndNeverShowThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SigningKey("k", new byte[16], null))
            .withMessageContaining("16 bytes");
        assertThat(KEY.toString()).doesNotContain("0123456789abcdef").contains("k1");
    }

    @Test
    void theReplayGuardForgetsAfterItsWindowAndStaysBounded() {
        long[] now = { 0 };
        ReplayGuard guard = new ReplayGuard(java.time.Duration.ofSeconds(10), 3, () -> now[0]);
        assertThat(guard.firstTime("a")).isTrue();
        assertThat(guard.firstTime("a")).isFalse();
        now[0] = java.time.Duration.ofSeconds(11).toNanos();
        assertThat(guard.firstTime("a")).isTrue();
        guard.firstTime("b");
        guard.firstTime("c");
        guard.firstTime("d");
        assertThat(guard.size()).isEqualTo(3);
    }
}
