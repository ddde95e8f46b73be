package dev.amb.samples.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.amb.MessageBus;
import dev.amb.Subscription;

/**
 * When {@code worker.demo.enabled=true} (the default), sends the worker a few tasks over the bus,
 * prints the results as they come back and, unless {@code worker.demo.keep-running=true}, exits.
 */
@Component
@ConditionalOnProperty(name = "worker.demo.enabled", havingValue = "true", matchIfMissing = true)
class DemoRound {

    private static final List<String> TEXTS = List.of("Agents talk through a broker, not to each other.",
            "The same code runs on memory, Redis, Kafka, RabbitMQ, NATS and SQS.", "Hello bus");

    private final MessageBus bus;

    private final ConfigurableApplicationContext context;

    private final boolean keepRunning;

    DemoRound(MessageBus bus, ConfigurableApplicationContext context,
            @org.springframework.beans.factory.annotation.Value("${worker.demo.keep-running:false}") boolean keepRunning) {
        this.bus = bus;
        this.context = context;
        this.keepRunning = keepRunning;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Integer.MAX_VALUE)
    void run() throws Exception {
        ConcurrentHashMap<String, WordCount.Result> results = new ConcurrentHashMap<>();
        CompletableFuture<Void> allDone = new CompletableFuture<>();
        Subscription subscription = bus.subscribe("tasks.results", WordCount.Result.class, message -> {
            WordCount.Result result = message.data();
            results.put(result.taskId(), result);
            System.out.printf("  result  %-7s %2d words (counted by %s)%n", result.taskId(), result.words(),
                    result.worker());
            if (results.size() == TEXTS.size()) {
                allDone.complete(null);
            }
        });
        for (int i = 0; i < TEXTS.size(); i++) {
            String taskId = "task-" + (i + 1);
            System.out.printf("  publish %-7s \"%s\"%n", taskId, TEXTS.get(i));
            bus.publish("tasks.wordcount", new WordCount.Task(taskId, TEXTS.get(i))).join();
        }
        allDone.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        subscription.close();
        System.out.println("  done: " + results.size() + " tasks counted");
        if (!keepRunning) {
            System.exit(SpringApplication.exit(context, () -> 0));
        }
    }
}
