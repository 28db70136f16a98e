package dev.integratedauth.lifecycle;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with 50 % jitter, bounded; {@link #reset()} starts over. Used by one loop at a time. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(ConsumerConfig.Backoff config) {
        this.initial = config.initial();
        this.max = config.max();
        this.next = initial;
    }

    /** The next wait: between half and all of the current step, which then doubles up to the maximum. */
    Duration next() {
        Duration step = next;
        next = step.multipliedBy(2).compareTo(max) > 0 ? max : step.multipliedBy(2);
        long millis = step.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    void reset() {
        next = initial;
    }
}
