package dev.amb.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.amb.spi.BusMetrics;

/**
 * Registers the bus's meters in a Micrometer {@link MeterRegistry}: counters as
 * {@link FunctionCounter}s and gauges as {@link Gauge}s that read the bus's own adders when the
 * registry collects (so step registries see correct increments and the hot path pays nothing for
 * them), durations as {@link Timer}s resolved once. Meter names and tags: see
 * {@code dev.amb.core.AmbMetrics}.
 *
 * <pre>{@code
 * DefaultMessageBus bus = DefaultMessageBus.builder(broker)
 *     .serializer(serializer)
 *     .metrics(new MicrometerBusMetrics(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <p><b>Threading:</b> thread safe, as {@link MeterRegistry} is.
 *
 * @since 0.3.0
 */
public final class MicrometerBusMetrics implements BusMetrics {

    private final MeterRegistry registry;

    private final Tags extraTags;

    /** Keeps the counters' suppliers reachable (one per registration, registered once per meter). */
    private final Set<LongSupplier> held = ConcurrentHashMap.newKeySet();

    /**
     * @param registry where the meters go
     */
    public MicrometerBusMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * @param registry where the meters go
     * @param extraTags tags added to every AMB meter (for example the agent id)
     */
    public MicrometerBusMetrics(MeterRegistry registry, Iterable<Tag> extraTags) {
        this.registry = registry;
        this.extraTags = Tags.of(extraTags);
    }

    @Override
    public void counter(String name, String description, Map<String, String> tags, LongSupplier total) {
        // a function counter holds its object weakly, and the supplier is a lambda nobody else holds
        held.add(total);
        FunctionCounter.builder(name, total, LongSupplier::getAsLong)
            .description(description)
            .tags(tags(tags))
            .register(registry);
    }

    @Override
    public void gauge(String name, String description, Map<String, String> tags, DoubleSupplier value) {
        Gauge.builder(name, value, DoubleSupplier::getAsDouble)
            .description(description)
            .tags(tags(tags))
            .strongReference(true)
            .register(registry);
    }

    @Override
    public Timing timer(String name, String description, Map<String, String> tags) {
        Timer timer = Timer.builder(name).description(description).tags(tags(tags)).register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Tags tags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>(tags.size());
        tags.forEach((key, value) -> list.add(Tag.of(key, value)));
        return extraTags.and(list);
    }
}
