package dev.integratedauth.expiry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The consumer's meters at {@code /q/metrics}. Tags take fixed values only: never a code. Every series exists from the
 * start at 0.
 */
@ApplicationScoped
@Startup
class ConsumerMetrics {

    private final Map<Outcome, Counter> processed = new EnumMap<>(Outcome.class);
    private final Counter poisoned;
    private final AtomicLong lagMillis = new AtomicLong();

    ConsumerMetrics(MeterRegistry registry) {
        for (Outcome outcome : new Outcome[] {Outcome.RECORDED, Outcome.EXPIRED}) {
            processed.put(outcome, Counter.builder("consumer.messages.processed")
                    .description("Messages of code-requests the consumer handled: recorded (first sighting: entity "
                            + "and put back) or expired (second sighting: entity and message removed)")
                    .tag("outcome", tag(outcome))
                    .register(registry));
        }
        poisoned = Counter.builder("consumer.messages.poisoned")
                .description("Messages that were not codes, moved to code-requests-poison")
                .register(registry);
        Gauge.builder("consumer.lag.seconds", lagMillis, millis -> millis.get() / 1000.0)
                .description("How long the oldest message of the consumer's last receive had been due (visible) "
                        + "when it was received; 0 after an empty receive")
                .register(registry);
    }

    void handled(Outcome outcome) {
        Counter counter = processed.get(outcome);
        if (counter != null) {
            counter.increment();
        } else if (outcome == Outcome.POISONED) {
            poisoned.increment();
        }
    }

    void lag(long millis) {
        lagMillis.set(Math.max(0, millis));
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
