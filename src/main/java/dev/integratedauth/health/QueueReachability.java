package dev.integratedauth.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether Queue Storage was reachable recently, judged only from the outcome of the service's own sends (fed by
 * {@link dev.integratedauth.codes.CodeQueue}); readiness reads it and makes no call.
 * <ul>
 * <li>Before the first send the queue is not known to be bad: reachable, so a fresh replica can become ready.</li>
 * <li>After {@code failure-threshold} consecutive failed sends it is unreachable, until a send succeeds or
 * {@code failure-memory} has passed since the last failure (see {@link HealthConfig#failureMemory()}).</li>
 * </ul>
 */
@ApplicationScoped
public class QueueReachability {

    /** What readiness shows; times only, never a message or a code. */
    public record State(boolean reachable, int consecutiveFailures, Instant lastSuccess, Instant lastFailure) {
    }

    private final int threshold;
    private final Duration memory;
    private final Clock clock;
    private State state = new State(true, 0, null, null);

    @Inject
    QueueReachability(HealthConfig config) {
        this(config.failureThreshold(), config.failureMemory(), Clock.systemUTC());
    }

    QueueReachability(int threshold, Duration memory, Clock clock) {
        this.threshold = Math.max(1, threshold);
        this.memory = memory;
        this.clock = clock;
    }

    public synchronized void sendSucceeded() {
        state = new State(true, 0, clock.instant(), state.lastFailure());
    }

    public synchronized void sendFailed() {
        state = new State(true, state.consecutiveFailures() + 1, state.lastSuccess(), clock.instant());
    }

    /** The state now: {@code reachable} is false only while recent failures are not yet forgotten. */
    public synchronized State state() {
        boolean knownBad = state.consecutiveFailures() >= threshold
                && state.lastFailure() != null
                && clock.instant().isBefore(state.lastFailure().plus(memory));
        return new State(!knownBad, state.consecutiveFailures(), state.lastSuccess(), state.lastFailure());
    }
}
