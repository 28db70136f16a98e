package dev.integratedauth.expiry;

import java.time.Duration;

import dev.integratedauth.common.Retry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The consumer of {@code code-requests} (docs/lifecycle.md). */
@ConfigMapping(prefix = "app.consumer")
public interface ConsumerConfig {

    /** Run the consumer in this process (dev mode: on; tests and production: off unless set). */
    @WithDefault("false")
    boolean enabled();

    /** Messages asked for per receive (Queue Storage allows 1 to 32). */
    @WithDefault("32")
    int batchSize();

    /**
     * How long a received message stays hidden from other consumers: must cover the handling of a whole batch. Messages
     * not finished by then (a crash, a shutdown) reappear and are handled again, which is safe.
     */
    @WithDefault("30s")
    Duration visibilityTimeout();

    /** Messages of one batch handled at once. */
    @WithDefault("8")
    int concurrency();

    /** A message that is not a code goes to the poison queue once it has been received this often. */
    @WithDefault("5")
    int maxDequeueCount();

    /** Waits between receives while the queue is empty. */
    Idle idle();

    /**
     * Waits after a failed round (Queue or Table Storage failing): exponential, 50 % jitter, until it recovers. Short at
     * most: a receive every few seconds costs a failing queue nothing, and a long wait after a short outage lets
     * expired codes pile up (docs/reliability.md).
     */
    Failing failing();

    /** On shutdown, how long the batch under way may take to finish before it is abandoned (it reappears). */
    @WithDefault("5s")
    Duration shutdownGrace();

    interface Idle extends Retry {
        @Override
        @WithDefault("-1")
        int maxRetries();

        @Override
        @WithDefault("250ms")
        Duration initialBackoff();

        @Override
        @WithDefault("2s")
        Duration maxBackoff();
    }

    interface Failing extends Retry {
        @Override
        @WithDefault("-1")
        int maxRetries();

        @Override
        @WithDefault("1s")
        Duration initialBackoff();

        @Override
        @WithDefault("5s")
        Duration maxBackoff();
    }
}
