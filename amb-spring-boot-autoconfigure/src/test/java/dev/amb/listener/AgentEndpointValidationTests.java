package dev.amb.listener;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import dev.amb.AckMode;
import dev.amb.Message;
import dev.amb.annotation.AgentListener;
import dev.amb.annotation.AgentResponder;
import dev.amb.annotation.Header;
import dev.amb.autoconfigure.AmbAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad declarations fail start-up with a message naming the bean, the method and the problem.
 */
class AgentEndpointValidationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AmbAutoConfiguration.class));

    @Test
    void batchModeOnANonListParameterFails() {
        run(BatchWithoutList.class, "batchWithoutList", "BatchWithoutList.on(String)",
                "BATCH methods take the batch as List<Message<T>> or List<T>");
    }

    @Test
    void unparsableRetryDelayFails() {
        run(BadDuration.class, "badDuration", "BadDuration.on(String)", "retryDelay 'soon' is not a duration");
    }

    @Test
    void invalidPatternFails() {
        run(BadPattern.class, "badPattern", "BadPattern.on(String)", "Invalid topic pattern 'agents..tasks'");
    }

    @Test
    void filterNamingNoBeanFails() {
        run(MissingFilter.class, "missingFilter", "MissingFilter.on(String)",
                "filter 'noSuchFilter' does not name a MessageFilter bean");
    }

    @Test
    void twoPayloadParametersFail() {
        run(TwoPayloads.class, "twoPayloads", "TwoPayloads.on(String, Integer)", "two payload parameters (String and Integer)");
    }

    @Test
    void manualAckWithoutMessageParameterFails() {
        run(ManualWithoutMessage.class, "manualWithoutMessage", "ManualWithoutMessage.on(String)",
                "ackMode MANUAL needs a Message<T> parameter");
    }

    @Test
    void nonStringHeaderParameterFails() {
        run(IntegerHeader.class, "integerHeader", "IntegerHeader.on(String, Integer)",
                "@Header(\"count\") parameter 1 must be a String");
    }

    @Test
    void nonNumericConcurrencyFails() {
        run(BadConcurrency.class, "badConcurrency", "BadConcurrency.on(String)", "concurrency 'many' is not a number");
    }

    @Test
    void invalidConditionFails() {
        run(BadCondition.class, "badCondition", "BadCondition.on(String)", "is not valid SpEL");
    }

    @Test
    void batchSizeWithoutBatchModeFails() {
        run(BatchSizeWithoutBatch.class, "batchSizeWithoutBatch", "BatchSizeWithoutBatch.on(String)",
                "batchSize needs ackMode = BATCH");
    }

    @Test
    void aStringHeaderInABatchMethodFails() {
        run(StringHeaderInBatch.class, "stringHeaderInBatch", "StringHeaderInBatch.on(List, String)",
                "in ackMode BATCH a @Header(\"tag\") parameter must be a List<String>");
    }

    @Test
    void aNonNumericRetriesFails() {
        run(WordyRetries.class, "wordyRetries", "WordyRetries.on(String)", "retries 'many' is not a number");
    }

    @Test
    void twoEndpointsWithOneIdFail() {
        run(DuplicateIds.class, "duplicateIds", "DuplicateIds.", "another endpoint already uses the id 'same'");
    }

    @Test
    void emptyResponderTopicFails() {
        run(EmptyResponderTopic.class, "emptyResponderTopic", "EmptyResponderTopic.on(String)",
                "@AgentResponder", "topic must not be empty");
    }

    @Test
    void unresolvablePlaceholderFails() {
        run(MissingPlaceholder.class, "missingPlaceholder", "MissingPlaceholder.on(List)",
                "Invalid topic pattern '${no.such.property}'");
    }

    @Test
    void unresolvablePlaceholderFailsWithTheResolversMessageInABootApplication() {
        contextRunner.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class))
            .withBean("missingPlaceholder", MissingPlaceholder.class)
            .run(context -> assertThat(context).getFailure()
                .hasMessageContaining("on bean 'missingPlaceholder'")
                .hasMessageContaining("Could not resolve placeholder 'no.such.property'"));
    }

    private void run(Class<?> beanClass, String beanName, String method, String... problems) {
        ContextConsumer<AssertableApplicationContext> check = context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof AgentEndpointException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("AgentEndpointException in %s", context.getStartupFailure())
                .isNotNull()
                .hasMessageContaining("on bean '" + beanName + "'")
                .hasMessageContaining(method);
            for (String problem : problems) {
                assertThat(failure).hasMessageContaining(problem);
            }
        };
        contextRunner.withBean(beanName, beanClass).run(check);
    }

    static class BatchWithoutList {

        @AgentListener(topics = "a", ackMode = AckMode.BATCH)
        void on(String payload) {
        }
    }

    static class BadDuration {

        @AgentListener(topics = "a", retryDelay = "soon")
        void on(String payload) {
        }
    }

    static class BadPattern {

        @AgentListener(topics = "agents..tasks")
        void on(String payload) {
        }
    }

    static class MissingFilter {

        @AgentListener(topics = "a", filter = "noSuchFilter")
        void on(String payload) {
        }
    }

    static class TwoPayloads {

        @AgentListener(topics = "a")
        void on(String payload, Integer other) {
        }
    }

    static class ManualWithoutMessage {

        @AgentListener(topics = "a", ackMode = AckMode.MANUAL)
        void on(String payload) {
        }
    }

    static class IntegerHeader {

        @AgentListener(topics = "a")
        void on(String payload, @Header("count") Integer count) {
        }
    }

    static class BadConcurrency {

        @AgentListener(topics = "a", concurrency = "many")
        void on(String payload) {
        }
    }

    static class BadCondition {

        @AgentListener(topics = "a", condition = "headers['x'] ==")
        void on(String payload) {
        }
    }

    static class StringHeaderInBatch {

        @AgentListener(topics = "a", ackMode = AckMode.BATCH)
        void on(List<String> batch, @dev.amb.annotation.Header("tag") String tag) {
        }
    }

    static class WordyRetries {

        @AgentListener(topics = "a", retries = "many")
        void on(String payload) {
        }
    }

    static class BatchSizeWithoutBatch {

        @AgentListener(topics = "a", batchSize = "10")
        void on(String payload) {
        }
    }

    static class DuplicateIds {

        @AgentListener(topics = "a", id = "same")
        void one(String payload) {
        }

        @AgentListener(topics = "b", id = "same")
        void two(Message<String> message) {
        }
    }

    static class EmptyResponderTopic {

        @AgentResponder(topic = " ")
        String on(String payload) {
            return payload;
        }
    }

    static class MissingPlaceholder {

        @AgentListener(topics = "${no.such.property}")
        void on(List<String> payload) {
        }
    }
}
