package dev.integratedauth.expiry;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the consumer's dependencies (Queue and Table Storage as its receives see them), only where it runs: DOWN
 * after {@value #FAILED_ROUNDS} failed rounds in a row, UP again at the first good one. The consumer keeps trying while
 * DOWN, so it sees the recovery itself. Where the consumer is off the check is always UP.
 */
@ApplicationScoped
public class ConsumerHealth {

    static final int FAILED_ROUNDS = 3;

    private final Clock clock = Clock.systemUTC();
    private boolean running;
    private int consecutiveFailures;
    private Instant lastSuccess;
    private Instant lastFailure;

    synchronized void started() {
        running = true;
    }

    /** @return true if this is the first failure after a success (worth one WARN) */
    synchronized boolean failed() {
        lastFailure = clock.instant();
        return ++consecutiveFailures == 1;
    }

    /** @return true if this ends a run of failures (worth one INFO) */
    synchronized boolean succeeded() {
        lastSuccess = clock.instant();
        boolean recovered = consecutiveFailures > 0;
        consecutiveFailures = 0;
        return recovered;
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck consumer() {
        return () -> {
            synchronized (this) {
                HealthCheckResponseBuilder response = HealthCheckResponse.named("code-consumer")
                        .status(!running || consecutiveFailures < FAILED_ROUNDS)
                        .withData("running", running)
                        .withData("consecutiveFailedRounds", consecutiveFailures);
                if (lastSuccess != null) {
                    response.withData("lastSuccessfulRound", lastSuccess.toString());
                }
                if (lastFailure != null) {
                    response.withData("lastFailedRound", lastFailure.toString());
                }
                return response.build();
            }
        };
    }
}
