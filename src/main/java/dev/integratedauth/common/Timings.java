package dev.integratedauth.common;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * One timer name with one tag (an outcome), every value's timer made on first use and then reused: building and
 * registering a timer on every call (a new id, its tags hashed, a registry lookup) costs CPU on the request path.
 * Histogram buckets fit calls of milliseconds to the 10 s request deadline.
 */
public final class Timings {

    private static final Duration[] BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String tag;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public Timings(MeterRegistry registry, String name, String description, String tag) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tag = tag;
    }

    public void record(String value, long nanos) {
        timers.computeIfAbsent(value, v -> Timer.builder(name).description(description).tag(tag, v)
                .serviceLevelObjectives(BUCKETS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code step}, timed from its subscription to its outcome, whose tag value {@code outcome} says (null: success). */
    public <T> Uni<T> time(Uni<T> step, Function<Throwable, String> outcome) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return step.onItemOrFailure().invoke((item, failure) -> record(outcome.apply(failure),
                    System.nanoTime() - start));
        });
    }
}
