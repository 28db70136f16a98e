package dev.integratedauth.callers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.integratedauth.web.ProblemException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Each caller's budgets (docs/callers.md): Bucket4j token buckets, one per budget, held per caller in a Caffeine cache
 * bounded by {@link CallersConfig#maxTracked()} and forgetting a caller once its budgets would be full again. Per
 * replica: N replicas allow N times as much.
 */
@ApplicationScoped
public class CallerBudgets {

    /** One caller's budgets. */
    private record Budgets(Bucket issue, Bucket verify, Bucket failedVerifications) {
    }

    private final Callers callers;
    private final CallerMetrics metrics;
    private final CallersConfig config;
    private final Cache<Caller, Budgets> budgets;

    CallerBudgets(Callers callers, CallerMetrics metrics, CallersConfig config, MeterRegistry registry) {
        this.callers = callers;
        this.metrics = metrics;
        this.config = config;
        Duration refill = max(config.issue().period(), config.verify().period(),
                config.failedVerifications().period());
        this.budgets = newCache(config.maxTracked(), refill);
        Gauge.builder("callers.tracked", budgets, Cache::estimatedSize)
                .description("Callers whose budgets this replica holds").register(registry);
    }

    /** At most {@code maxTracked} callers, each forgotten once idle for {@code idle} (native image: CaffeineCaches). */
    static <K, V> Cache<K, V> newCache(int maxTracked, Duration idle) {
        return Caffeine.newBuilder().maximumSize(maxTracked).expireAfterAccess(idle.toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    /** Spends one code of the caller's budget, or refuses with 429. */
    public void issue() {
        spend(budgets().issue(), CallerProblem.ISSUE_BUDGET);
    }

    /**
     * Spends one verification, and one failure in advance: {@link Verification#succeeded()} gives the failure back.
     * While the caller's failures are over budget every verification is refused, so guessing cannot go on.
     */
    public Verification verify() {
        Budgets mine = budgets();
        spend(mine.failedVerifications(), CallerProblem.FAILED_VERIFICATIONS);
        try {
            spend(mine.verify(), CallerProblem.VERIFY_BUDGET);
        } catch (ProblemException e) {
            mine.failedVerifications().addTokens(1);
            throw e;
        }
        return () -> mine.failedVerifications().addTokens(1);
    }

    /** A verification under way. */
    @FunctionalInterface
    public interface Verification {
        /** The code was valid, or the answer was not the caller's doing (a failing dependency): no failure spent. */
        void succeeded();
    }

    private Budgets budgets() {
        return budgets.get(callers.current(), caller -> new Budgets(bucket(config.issue()), bucket(config.verify()),
                bucket(config.failedVerifications())));
    }

    private void spend(Bucket bucket, CallerProblem refusal) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            metrics.refused(refusal);
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw new ProblemException(refusal, null, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        }
    }

    private static Bucket bucket(CallersConfig.Budget budget) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(budget.requests()).refillGreedy(budget.requests(), budget.period()))
                .build();
    }

    private static Duration max(Duration... durations) {
        Duration longest = Duration.ZERO;
        for (Duration duration : durations) {
            longest = duration.compareTo(longest) > 0 ? duration : longest;
        }
        return longest;
    }
}
