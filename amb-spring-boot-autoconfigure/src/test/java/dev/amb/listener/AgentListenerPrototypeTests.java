package dev.amb.listener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import dev.amb.MessageBus;
import dev.amb.annotation.AgentListener;
import dev.amb.autoconfigure.AmbAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every instance of a prototype-scoped listener bean gets endpoints of its own. */
class AgentListenerPrototypeTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AmbAutoConfiguration.class))
        .withUserConfiguration(PrototypeConfiguration.class);

    @Test
    void eachInstanceOfAPrototypeListenerBeanSubscribes() {
        contextRunner.run(context -> {
            Worker first = context.getBean(Worker.class);
            Worker second = context.getBean(Worker.class);

            assertThat(context.getBean(AgentEndpointRegistry.class).getEndpointContainerIds())
                .contains("worker.onTask", "worker#2.onTask");
            context.getBean(MessageBus.class).publish("prototype.tasks", "t1").join();
            Awaitility.await().until(() -> first.received.size() == 1 && second.received.size() == 1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeConfiguration {

        @Bean
        @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
        Worker worker() {
            return new Worker();
        }
    }

    static class Worker {

        final List<String> received = new CopyOnWriteArrayList<>();

        @AgentListener(topics = "prototype.tasks")
        void onTask(String task) {
            received.add(task);
        }
    }
}
