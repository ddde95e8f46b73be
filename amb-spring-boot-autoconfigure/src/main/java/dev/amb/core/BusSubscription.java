package dev.amb.core;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.amb.AckMode;
import dev.amb.spi.BrokerSubscription;
import dev.amb.spi.support.AdapterThreads;

/**
 * The user's handle on a subscription: wraps the broker's subscription and tells the bus when it
 * is closed. Closing pauses the broker subscription, lets a batch subscription hand over and settle
 * what it buffers, then closes the broker subscription within what is left of the grace period. Thread safe;
 * {@link #close()} is idempotent.
 *
 * <p>It is paused while an operator paused it ({@link #pause()}) or its circuit breaker is open
 * (through {@link #breakerControl()}); it takes messages again only when neither holds.
 */
final class BusSubscription implements ManagedSubscription {

    private final SubscriptionContext context;

    private final Consumer<BusSubscription> onClose;

    private final Consumer<Duration> drain;

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile BrokerSubscription brokerSubscription;

    private final LagCache lag;

    private final BreakerGate gate;

    private boolean paused;

    private boolean breakerOpen;

    BusSubscription(SubscriptionContext context, BreakerGate gate, Consumer<Duration> drain,
            Consumer<BusSubscription> onClose) {
        this.context = context;
        this.gate = gate;
        this.drain = drain;
        this.onClose = onClose;
        this.lag = new LagCache(() -> {
            BrokerSubscription broker = brokerSubscription;
            return broker != null ? broker.lag() : CompletableFuture.completedFuture(OptionalLong.empty());
        });
    }

    /**
     * Hands over the broker's subscription. When this subscription was closed before (the bus
     * closed while the broker subscribed), the broker subscription is closed at once, so a
     * subscribe racing a close never leaves a live broker subscription behind.
     * @return {@code false} when it was closed that way
     */
    boolean attach(BrokerSubscription brokerSubscription) {
        synchronized (this) {
            if (!closed.get()) {
                this.brokerSubscription = brokerSubscription;
                return true;
            }
        }
        brokerSubscription.close(Duration.ZERO);
        return false;
    }

    /** Stops new deliveries without closing (by an operator, and as the first phase of the bus's shutdown). */
    @Override
    public synchronized void pause() {
        paused = true;
        apply();
    }

    @Override
    public synchronized void resume() {
        paused = false;
        apply();
    }

    /** @return what the circuit breaker gate pauses and resumes: this subscription's breaker flag */
    BrokerSubscription breakerControl() {
        return new BreakerControl();
    }

    private synchronized void breakerOpen(boolean open) {
        breakerOpen = open;
        apply();
    }

    /** Must hold the lock. */
    private void apply() {
        BrokerSubscription broker = brokerSubscription;
        if (broker != null && !closed.get()) {
            if (paused || breakerOpen) {
                broker.pause();
            }
            else {
                broker.resume();
            }
        }
    }

    @Override
    public String id() {
        return context.id();
    }

    @Override
    public AckMode ackMode() {
        return context.options().ackMode();
    }

    @Override
    public String circuitBreaker() {
        return context.options().circuitBreaker();
    }

    @Override
    public synchronized State state() {
        BrokerSubscription broker = brokerSubscription;
        if (closed.get()) {
            return State.CLOSED;
        }
        if (broker != null && !broker.isActive()) {
            return State.FAILED;
        }
        return paused ? State.PAUSED : breakerOpen ? State.BREAKER_OPEN : State.RUNNING;
    }

    @Override
    public String failure() {
        BrokerSubscription broker = brokerSubscription;
        if (closed.get() || broker == null || broker.isActive()) {
            return null;
        }
        String failure = broker.failure();
        return failure != null ? failure : "the broker subscription stopped delivering although nobody closed it";
    }

    @Override
    public int inFlight() {
        return context.counters().inFlight();
    }

    @Override
    public OptionalLong queued() {
        BrokerSubscription broker = brokerSubscription;
        return broker != null ? broker.queued() : OptionalLong.empty();
    }

    /** @return {@link #queued()}, or -1 when unknown (for the gauge) */
    long queuedOrUnknown() {
        OptionalLong queued = queued();
        return queued.isPresent() ? queued.getAsLong() : -1;
    }

    @Override
    public OptionalLong lag() {
        return lag.get();
    }

    @Override
    public String circuitBreakerState() {
        return gate != null ? gate.breaker().state().name() : null;
    }

    @Override
    public Duration stalledFor() {
        return Duration.ofNanos(context.counters().stalledNanos());
    }

    @Override
    public SubscriptionCounters counters() {
        return context.counters();
    }

    /** The gate's view: its pause and resume set the breaker flag only. */
    private final class BreakerControl implements BrokerSubscription {

        @Override
        public void pause() {
            breakerOpen(true);
        }

        @Override
        public void resume() {
            breakerOpen(false);
        }

        @Override
        public boolean isActive() {
            return BusSubscription.this.isActive();
        }

        @Override
        public void close() {
            // the bus closes the subscription, not its breaker
        }

        @Override
        public void close(Duration grace) {
            // the bus closes the subscription, not its breaker
        }
    }

    @Override
    public String pattern() {
        return context.patternValues().get(0);
    }

    @Override
    public java.util.List<String> patterns() {
        return context.patternValues();
    }

    @Override
    public String group() {
        return context.group();
    }

    @Override
    public boolean isActive() {
        BrokerSubscription broker = brokerSubscription;
        return !closed.get() && broker != null && broker.isActive();
    }

    @Override
    public void close() {
        close(null);
    }

    /**
     * Closes the subscription.
     * @param grace how long to wait for running handlers, or {@code null} for the broker's default
     */
    void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            BrokerSubscription broker;
            synchronized (this) {
                broker = brokerSubscription; // attach() after this point sees closed and closes its own
            }
            if (broker != null) {
                long deadline = grace != null ? System.nanoTime() + grace.toNanos() : 0;
                broker.pause();
                drain.accept(grace);
                if (grace != null) {
                    broker.close(AdapterThreads.remaining(deadline));
                }
                else {
                    broker.close();
                }
            }
        }
        finally {
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + context.id() + "]";
    }
}
