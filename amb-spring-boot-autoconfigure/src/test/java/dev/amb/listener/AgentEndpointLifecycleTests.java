package dev.amb.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.constraints.NotBlank;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.validation.annotation.Validated;

import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;
import dev.amb.autoconfigure.AmbAutoConfiguration;
import dev.amb.core.DefaultMessageBus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's lifecycle (start after refresh, graceful stop, stop/start by id) and endpoint
 * methods on proxied beans.
 */
class AgentEndpointLifecycleTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
                AmbAutoConfiguration.class));

    @Test
    void subscriptionsStartOnlyOnceEveryBeanExists() {
        contextRunner.withBean(SimpleListener.class).withBean(RegistryProbe.class).run(context -> {
            assertThat(context.getBean(RegistryProbe.class).registryRunningDuringInitialization).isFalse();
            assertThat(context.getBean(AgentEndpointRegistry.class).isRunning()).isTrue();
            assertThat(context.getBean(AgentEndpointRegistry.class).getEndpointContainer("simple").isRunning()).isTrue();
        });
    }

    @Test
    void endpointsCanBeStoppedAndStartedById() {
        contextRunner.withBean(SimpleListener.class).withBean(LazyListener.class).run(context -> {
            AgentEndpointRegistry registry = context.getBean(AgentEndpointRegistry.class);
            MessageBus bus = context.getBean(MessageBus.class);
            assertThat(registry.getEndpointContainerIds()).contains("simple", "lazy");
            EndpointContainer lazy = registry.getEndpointContainer("lazy");
            assertThat(lazy.isRunning()).isFalse();

            lazy.start();
            bus.publish("lazy.topic", "first").join();
            Awaitility.await().until(() -> context.getBean(LazyListener.class).received.equals(List.of("first")));
            lazy.stop();
            bus.publish("lazy.topic", "while-stopped").join();
            lazy.start();
            bus.publish("lazy.topic", "second").join();

            Awaitility.await().until(() -> context.getBean(LazyListener.class).received.contains("second"));
            assertThat(context.getBean(LazyListener.class).received).containsExactly("first", "second");
        });
    }

    @Test
    void closingTheContextLetsRunningHandlersFinish() {
        contextRunner.withBean(SlowListener.class).run(context -> {
            SlowListener listener = context.getBean(SlowListener.class);
            context.getBean(MessageBus.class).publish("slow", "job").join();
            Awaitility.await().until(() -> listener.started.get() == 1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            Awaitility.await().during(Duration.ofMillis(100)).until(() -> !closing.isDone());
            listener.release.complete(null);
            closing.get(10, TimeUnit.SECONDS);

            assertThat(listener.finished.get()).isEqualTo(1);
            assertThat(listener.interrupted.get()).isFalse();
        });
    }

    @Test
    void validatedProxyRejectsInvalidPayloadsAndAcceptsValidOnes() {
        contextRunner.withBean(ValidatedListener.class).run(context -> {
            ValidatedListener listener = context.getBean(ValidatedListener.class);
            assertThat(AopUtils.isAopProxy(listener)).isTrue();
            MessageBus bus = context.getBean(MessageBus.class);
            bus.publish("names", " ").join();
            bus.publish("names", "Ada").join();
            Awaitility.await().until(() -> listener.accepted().contains("Ada"));
            assertThat(listener.accepted()).containsExactly("Ada");
            assertThat(((DefaultMessageBus) bus).counters().handlerFailures()).isEqualTo(1);
        });
    }

    @Test
    void transactionalProxyRunsTheMethodInATransaction() {
        contextRunner.withUserConfiguration(TransactionConfiguration.class).withBean(TransactionalListener.class)
            .run(context -> {
                TransactionalListener listener = context.getBean(TransactionalListener.class);
                assertThat(AopUtils.isAopProxy(listener)).isTrue();
                context.getBean(MessageBus.class).publish("ledger", "entry").join();
                Awaitility.await().until(() -> listener.sawTransaction().size() == 1);
                assertThat(listener.sawTransaction()).containsExactly(true);
                assertThat(context.getBean(RecordingTransactionManager.class).commits.get()).isEqualTo(1);
            });
    }

    static class SimpleListener {

        @AgentListener(topics = "simple.topic", id = "simple")
        void on(String value) {
        }
    }

    static class RegistryProbe implements SmartInitializingSingleton {

        private final AgentEndpointRegistry registry;

        volatile boolean registryRunningDuringInitialization = true;

        RegistryProbe(AgentEndpointRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void afterSingletonsInstantiated() {
            registryRunningDuringInitialization = registry.isRunning();
        }
    }

    static class LazyListener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "lazy.topic", id = "lazy", autoStartup = "false")
        void on(String value) {
            received.add(value);
        }
    }

    static class SlowListener {

        final AtomicInteger started = new AtomicInteger();

        final AtomicInteger finished = new AtomicInteger();

        final AtomicBoolean interrupted = new AtomicBoolean();

        final CompletableFuture<Void> release = new CompletableFuture<>();

        @AgentListener(topics = "slow")
        void on(String value) throws Exception {
            started.incrementAndGet();
            try {
                release.get(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                interrupted.set(true);
                throw ex;
            }
            finished.incrementAndGet();
        }
    }

    @Validated
    static class ValidatedListener {

        private final List<String> accepted = new CopyOnWriteArrayList<>();

        // Bean Validation applies method constraints to public methods only
        @AgentListener(topics = "names")
        public void on(@NotBlank String name) {
            accepted.add(name);
        }

        List<String> accepted() {
            return accepted;
        }
    }

    static class TransactionalListener {

        private final List<Boolean> sawTransaction = new CopyOnWriteArrayList<>();

        @Transactional
        @AgentListener(topics = "ledger")
        void on(String entry) {
            sawTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
        }

        List<Boolean> sawTransaction() {
            return sawTransaction;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement(proxyTargetClass = true)
    static class TransactionConfiguration {

        @Bean
        RecordingTransactionManager transactionManager() {
            return new RecordingTransactionManager();
        }
    }

    static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

        private static final long serialVersionUID = 1L;

        final AtomicInteger commits = new AtomicInteger();

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            commits.incrementAndGet();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
