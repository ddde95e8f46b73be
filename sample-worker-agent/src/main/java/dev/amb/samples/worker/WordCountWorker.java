package dev.amb.samples.worker;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.amb.MessageBus;
import dev.amb.Subscription;
import dev.amb.SubscriptionOptions;

/**
 * Counts the words of every task sent to {@code tasks.wordcount}, sharing the work with the other
 * members of the {@code workers} group, and publishes each result on {@code tasks.results}.
 */
@Component
class WordCountWorker implements DisposableBean {

    private static final Log logger = LogFactory.getLog(WordCountWorker.class);

    private final MessageBus bus;

    private final String agentId;

    private Subscription subscription;

    WordCountWorker(MessageBus bus, WorkerIdentity identity) {
        this.bus = bus;
        this.agentId = identity.agentId();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void start() {
        subscription = bus.subscribe(SubscriptionOptions.pattern("tasks.wordcount").group("workers"),
                WordCount.Task.class, message -> {
                    WordCount.Task task = message.data();
                    int words = task.text().isBlank() ? 0 : task.text().trim().split("\\s+").length;
                    logger.info(agentId + " counted " + words + " words in task " + task.taskId());
                    bus.publish("tasks.results", new WordCount.Result(task.taskId(), words, agentId));
                });
    }

    @Override
    public void destroy() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
