package dev.integratedauth.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The waits of a loop that backs off on its own (a poller): exponential with 50 % jitter, as {@link Retry} says;
 * {@link #reset()} starts over. Used by one loop at a time.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public Backoff(Retry settings) {
        this.initial = settings.initialBackoff();
        this.max = settings.maxBackoff();
        this.next = initial;
    }

    /** The next wait: between half and all of the current step, which then doubles up to the maximum. */
    public Duration next() {
        Duration step = next;
        next = step.multipliedBy(2).compareTo(max) > 0 ? max : step.multipliedBy(2);
        long millis = step.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    public void reset() {
        next = initial;
    }
}
