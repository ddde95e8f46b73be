package dev.amb.benchmarks.load;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.amb.broker.memory.MemoryBroker;
import dev.amb.core.DefaultMessageBus;

/**
 * The in-process contenders, publisher and subscriber (requester and responder) in this JVM:
 * <ul>
 * <li><b>ArrayBlockingQueue</b> (the minimum any in-process bus pays): the publisher threads put
 * the payload bytes into a bounded queue of {@link Load#WINDOW} that one consumer thread takes
 * from; a request is the payload and a {@link CompletableFuture} the consumer thread completes;</li>
 * <li><b>Spring events</b> (the peer: what a Spring user writes for asynchronous in-process
 * messaging): {@code ApplicationContext.publishEvent} of a record carrying the payload string, a
 * {@link SimpleApplicationEventMulticaster} with a {@link ThreadPoolTaskExecutor} (its defaults: one
 * core thread, an unbounded queue) as the context's multicaster, and an {@link EventListener}
 * method; a request is an event carrying a {@link CompletableFuture} the listener completes;</li>
 * <li><b>AMB</b>: {@link MemoryBroker} with its defaults and two buses on it with the JSON
 * serializer, one publishing (requesting) and one subscribing (responding).</li>
 * </ul>
 * The payload is never copied or serialized on the first two sides; AMB serializes it to JSON and
 * wraps it in its envelope as on any broker. In throughput rounds every side has at most
 * {@link Load#WINDOW} messages between publishing and handling: the raw queue holds that many,
 * the other two publishers take a permit that the handler gives back (the Spring executor's queue
 * is unbounded and AMB's memory queue holds 10,000 and then rejects the publish).
 */
final class MemoryLoad {

    /** @return ArrayBlockingQueue, Spring events, AMB */
    List<Contender> contenders() {
        return List.of(new Raw(), new Spring(), new Amb());
    }

    // ---------------------------------------------------------------- raw queue

    /** A request on the raw queue: the payload and the future the consumer completes with it. */
    private record Exchange(byte[] payload, CompletableFuture<byte[]> reply) {
    }

    /** One consumer thread taking from a bounded queue until closed. */
    private static final class QueueConsumer<T> implements AutoCloseable {

        private final ArrayBlockingQueue<T> queue = new ArrayBlockingQueue<>(Load.WINDOW);

        private final Thread thread;

        QueueConsumer(Consumer<T> handler) {
            thread = new Thread(() -> {
                try {
                    while (true) {
                        handler.accept(queue.take());
                    }
                }
                catch (InterruptedException ex) {
                    // closed
                }
            }, "raw-queue-consumer");
            thread.start();
        }

        void put(T item) throws InterruptedException {
            queue.put(item);
        }

        @Override
        public void close() {
            thread.interrupt();
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Raw implements Contender {

        @Override
        public String name() {
            return "ArrayBlockingQueue";
        }

        @Override
        public double throughput(Load.Throughput load) throws Exception {
            CountDownLatch done = new CountDownLatch(load.messages());
            try (QueueConsumer<byte[]> consumer = new QueueConsumer<>(payload -> done.countDown())) {
                byte[] bytes = load.bytes();
                return Load.publish(load, done, count -> {
                    for (int i = 0; i < count; i++) {
                        consumer.put(bytes);
                    }
                });
            }
        }

        @Override
        public long[] requestReply(int requests, int inFlight) throws Exception {
            try (QueueConsumer<Exchange> responder = new QueueConsumer<>(
                    exchange -> exchange.reply().complete(exchange.payload()))) {
                byte[] payload = new Load.Throughput(100, 1, 1).bytes();
                return Load.requests(requests, inFlight, () -> {
                    CompletableFuture<byte[]> reply = new CompletableFuture<>();
                    try {
                        responder.put(new Exchange(payload, reply));
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        reply.completeExceptionally(ex);
                    }
                    return reply;
                });
            }
        }
    }

    // ---------------------------------------------------------------- Spring events

    /** The event a throughput round publishes. */
    record Delivery(String text) {
    }

    /** The event a request/reply round publishes: the listener completes {@code reply}. */
    record Question(String text, CompletableFuture<String> reply) {
    }

    /** Counts deliveries and gives the publisher's permit back. */
    static final class DeliveryListener {

        private final CountDownLatch done;

        private final Semaphore window;

        DeliveryListener(CountDownLatch done, Semaphore window) {
            this.done = done;
            this.window = window;
        }

        @EventListener
        public void on(Delivery delivery) {
            window.release();
            done.countDown();
        }
    }

    /** Answers each question with its text. */
    static final class QuestionListener {

        @EventListener
        public void on(Question question) {
            question.reply().complete(question.text());
        }
    }

    private static final class Spring implements Contender {

        @Override
        public String name() {
            return "Spring events";
        }

        /** An application context whose events reach the listener on a task executor's thread. */
        private static <T> AnnotationConfigApplicationContext context(Class<T> type, T listener) {
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            context.registerBean("taskExecutor", ThreadPoolTaskExecutor.class, () -> {
                ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
                executor.setThreadNamePrefix("spring-events-");
                return executor;
            });
            context.registerBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                    SimpleApplicationEventMulticaster.class, () -> {
                        SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
                        multicaster.setTaskExecutor(context.getBean("taskExecutor", ThreadPoolTaskExecutor.class));
                        return multicaster;
                    });
            context.registerBean(type, () -> listener);
            context.refresh();
            return context;
        }

        @Override
        public double throughput(Load.Throughput load) throws Exception {
            CountDownLatch done = new CountDownLatch(load.messages());
            Semaphore window = new Semaphore(Load.WINDOW);
            try (AnnotationConfigApplicationContext context = context(DeliveryListener.class,
                    new DeliveryListener(done, window))) {
                String text = load.text();
                return Load.publish(load, done, count -> {
                    for (int i = 0; i < count; i++) {
                        window.acquire();
                        context.publishEvent(new Delivery(text));
                    }
                });
            }
        }

        @Override
        public long[] requestReply(int requests, int inFlight) throws Exception {
            try (AnnotationConfigApplicationContext context = context(QuestionListener.class, new QuestionListener())) {
                String text = new Load.Throughput(100, 1, 1).text();
                return Load.requests(requests, inFlight, () -> {
                    CompletableFuture<String> reply = new CompletableFuture<>();
                    context.publishEvent(new Question(text, reply));
                    return reply;
                });
            }
        }
    }

    // ---------------------------------------------------------------- AMB

    /** AMB on one {@link MemoryBroker} shared by both sides; the subscriber frees the publishers' window. */
    private static final class Amb extends AmbContender {

        @Override
        protected Sides open(boolean requests) {
            return shared(new MemoryBroker());
        }

        @Override
        protected void handled(Semaphore window) {
            window.release();
        }

        @Override
        protected double publish(Load.Throughput load, CountDownLatch done, Semaphore window, Sides sides,
                String topic) throws Exception {
            DefaultMessageBus publisher = sides.first();
            String text = load.text();
            return Load.publish(load, done, count -> {
                for (int i = 0; i < count; i++) {
                    window.acquire();
                    // routed on this thread: join() only surfaces a rejected publish at once
                    publisher.publish(topic, text).join();
                }
            });
        }
    }
}
