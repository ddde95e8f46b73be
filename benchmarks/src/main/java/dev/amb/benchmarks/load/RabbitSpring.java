package dev.amb.benchmarks.load;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.adapter.MessageListenerAdapter;
import org.springframework.amqp.support.converter.Jackson2JsonMessageConverter;

/**
 * The spring-amqp contender, written as a Spring user would without AMB: a {@link RabbitTemplate}
 * with {@link Jackson2JsonMessageConverter} and correlated publisher confirms ({@link CorrelationData}
 * futures holding the window), and a {@link SimpleMessageListenerContainer} with its defaults (what
 * {@code @RabbitListener} runs: prefetch 250, automatic acknowledgement after the listener)
 * converting the JSON back. Request/reply: {@link AsyncRabbitTemplate} (direct reply-to), which
 * keeps any number of requests in flight, and a container with a {@link MessageListenerAdapter}
 * (what {@code @RabbitListener} returning a value runs) echoing the request. Publisher and
 * subscriber each have a {@link CachingConnectionFactory} of their own.
 */
final class RabbitSpring implements Contender {

    private final RabbitLoad rabbit;

    private final Jackson2JsonMessageConverter converter = new Jackson2JsonMessageConverter();

    /**
     * @param rabbit the server and the clean-up
     */
    RabbitSpring(RabbitLoad rabbit) {
        this.rabbit = rabbit;
    }

    @Override
    public String name() {
        return "spring-amqp";
    }

    /** Declares the exchange and an anonymous queue bound to it with the routing key. */
    private static Queue declare(RabbitAdmin admin, String exchange, String routingKey) {
        TopicExchange topicExchange = new TopicExchange(exchange, true, false);
        admin.declareExchange(topicExchange);
        Queue queue = new AnonymousQueue();
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(topicExchange).with(routingKey));
        return queue;
    }

    @Override
    public double throughput(Load.Throughput load) throws Exception {
        String unique = Load.unique();
        String exchange = "ambbench-spring-" + unique;
        String routingKey = "bench.spring." + unique;
        CachingConnectionFactory publishing = new CachingConnectionFactory(rabbit.factory());
        publishing.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        CachingConnectionFactory consuming = new CachingConnectionFactory(rabbit.factory());
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(consuming);
        Queue queue = null;
        try {
            queue = declare(new RabbitAdmin(consuming), exchange, routingKey);
            CountDownLatch done = new CountDownLatch(load.messages());
            container.setQueues(queue);
            container.setMessageListener(message -> {
                if (converter.fromMessage(message) instanceof String) {
                    done.countDown();
                }
            });
            container.start();
            RabbitTemplate template = new RabbitTemplate(publishing);
            template.setMessageConverter(converter);
            String text = load.text();
            Semaphore window = new Semaphore(Load.WINDOW);
            return Load.publish(load, done, count -> {
                for (int i = 0; i < count; i++) {
                    window.acquire();
                    CorrelationData correlation = new CorrelationData();
                    correlation.getFuture().whenComplete((confirm, ex) -> window.release());
                    template.convertAndSend(exchange, routingKey, text, correlation);
                }
            });
        }
        finally {
            container.stop();
            publishing.destroy();
            consuming.destroy();
            rabbit.delete(queue == null ? List.of() : List.of(queue.getName()), List.of(exchange));
        }
    }

    /** The responder's handler for the {@link MessageListenerAdapter}. */
    public static final class Echo {

        /**
         * @param request the request
         * @return the same text
         */
        public String handleMessage(String request) {
            return request;
        }
    }

    @Override
    public long[] requestReply(int requests, int inFlight) throws Exception {
        String unique = Load.unique();
        String exchange = "ambbench-spring-rr-" + unique;
        String routingKey = "bench.spring-rr." + unique;
        CachingConnectionFactory requesting = new CachingConnectionFactory(rabbit.factory());
        CachingConnectionFactory responding = new CachingConnectionFactory(rabbit.factory());
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(responding);
        RabbitTemplate template = new RabbitTemplate(requesting);
        template.setMessageConverter(converter);
        AsyncRabbitTemplate requester = new AsyncRabbitTemplate(template);
        Queue queue = null;
        try {
            queue = declare(new RabbitAdmin(responding), exchange, routingKey);
            container.setQueues(queue);
            container.setMessageListener(new MessageListenerAdapter(new Echo(), converter));
            container.start();
            requester.start();
            String text = new Load.Throughput(100, 1, 1).text();
            return Load.requests(requests, inFlight, () -> requester.convertSendAndReceive(exchange, routingKey, text));
        }
        finally {
            requester.stop();
            container.stop();
            requesting.destroy();
            responding.destroy();
            rabbit.delete(queue == null ? List.of() : List.of(queue.getName()), List.of(exchange));
        }
    }
}
