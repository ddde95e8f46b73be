package dev.amb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.amb.AmbHeaders;
import dev.amb.Message;
import dev.amb.TopicAccessDeniedException;
import dev.amb.core.DefaultMessageBus;
import dev.amb.security.AuditRecord;
import dev.amb.spi.Envelope;
import dev.amb.spi.InboundContext;
import dev.amb.spi.InboundInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityAutoConfigurationTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
        .withPropertyValues("amb.agent.id=worker", "amb.security.signing.mode=verify",
                "amb.security.signing.key-id=k2", "amb.security.signing.keys.k1=" + SECRET,
                "amb.security.signing.keys.k2=base64:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
                "amb.security.policy.roles.boss=supervisor",
                "amb.security.policy.rules[0].topic=agents.*.commands",
                "amb.security.policy.rules[0].allow=admin,supervisor",
                "amb.security.policy.rules[1].topic=system.#", "amb.security.policy.rules[1].audit=true",
                "amb.security.policy.rules[2].topic=agents.*.status", "amb.security.policy.rules[2].rate-limit=100/minute");

    @Test
    void signsVerifiesAndEnforcesThePolicyFromProperties() {
        contextRunner.withUserConfiguration(AuditConfiguration.class).run(context -> {
            DefaultMessageBus bus = context.getBean(DefaultMessageBus.class);
            List<Message<String>> received = new CopyOnWriteArrayList<>();
            bus.subscribe("system.#", String.class, received::add);

            bus.publish("system.reboot", "now").join();
            assertThatThrownBy(() -> bus.publish("agents.w1.commands", "stop").join())
                .hasCauseInstanceOf(TopicAccessDeniedException.class);
            assertThatThrownBy(() -> bus.subscribe("agents.#", String.class, message -> {
            })).isInstanceOf(TopicAccessDeniedException.class);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertThat(context.getBean(SeenSignatures.class).values).singleElement()
                .satisfies(signature -> assertThat(signature).startsWith("hmac-sha256:k2:"));
            AuditEventRepository events = context.getBean(AuditEventRepository.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.find(null, null, null).size() >= 4);
            assertThat(events.find(null, null, null)).extracting(event -> event.getType())
                .contains(AuditRecord.PUBLISHED, AuditRecord.DELIVERED, AuditRecord.DENIED);
        });
    }

    @Test
    void aSigningKeyIdThatNamesNoKeyFailsStartUpNamingTheProperty() {
        contextRunner.withPropertyValues("amb.security.signing.key-id=k9").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("amb.security.signing.key-id")
                .hasMessageNotContaining(SECRET);
        });
    }

    @Test
    void aShortSecretFailsStartUpWithoutShowingIt() {
        contextRunner.withPropertyValues("amb.security.signing.keys.k1=short-secret").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("amb.security.signing.keys.k1")
                .hasMessageNotContaining("short-secret");
        });
    }

    @Test
    void aBadRateLimitFailsStartUpNamingTheRule() {
        contextRunner.withPropertyValues("amb.security.policy.rules[2].rate-limit=lots").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("amb.security.policy.rules[2].rate-limit");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class AuditConfiguration {

        @Bean
        InMemoryAuditEventRepository auditEventRepository() {
            return new InMemoryAuditEventRepository();
        }

        @Bean
        SeenSignatures seenSignatures() {
            return new SeenSignatures();
        }
    }

    /** A user interceptor bean: collected by the auto-configuration, runs after verification. */
    static class SeenSignatures implements InboundInterceptor {

        final List<String> values = new CopyOnWriteArrayList<>();

        @Override
        public Envelope afterReceive(Envelope envelope, InboundContext context) {
            if (context.verifiedSender() != null) {
                values.add(envelope.extension(AmbHeaders.EXT_SIGNATURE));
            }
            return envelope;
        }
    }
}
