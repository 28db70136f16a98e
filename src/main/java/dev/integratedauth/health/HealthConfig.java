package dev.integratedauth.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How readiness judges the queue from the outcome of real sends (never a probe call of its own). */
@ConfigMapping(prefix = "app.health.queue")
public interface HealthConfig {

    /** Consecutive failed sends after which the queue counts as unreachable. */
    @WithDefault("3")
    int failureThreshold();

    /**
     * How long failed sends are remembered without a new outcome. A replica that is not ready gets no traffic, so it
     * could never see the successful send that would make it ready again; after this long it becomes ready once more
     * and the next real send decides.
     */
    @WithDefault("30s")
    Duration failureMemory();
}
