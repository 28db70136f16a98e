package dev.integratedauth.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

import dev.integratedauth.problem.FailureKind;

/**
 * The service's own meters, exported by Micrometer's Prometheus registry at {@code /q/metrics} (README, "Operating
 * it"). Tags take only fixed values (a kind, an outcome): never a code, a key, a token or a URL.
 */
@ApplicationScoped
@Startup // registers its counters at start, so they are scraped at 0 before the first request
public class CodeMetrics {

    /** Outcome tag of a request that failed with something other than a {@link FailureKind}. */
    public static final String UNEXPECTED = "unexpected";
    public static final String ISSUED = "issued";

    private static final Duration[] BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Counter issued;
    private final Map<FailureKind, Counter> failed = new EnumMap<>(FailureKind.class);
    private final Counter failedUnexpectedly;
    /**
     * Timers by name and outcome, made on first use and then reused: building and registering a timer on every
     * call (a new id, its tags hashed, a registry lookup) was a measurable part of each request's CPU.
     */
    private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

    CodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.issued = Counter.builder("codes.issued")
                .description("Codes issued: returned to the caller after the queue accepted them")
                .register(registry);
        // Every kind exists from the start at 0, so an alert on a rate needs no "absent" special case.
        for (FailureKind kind : FailureKind.values()) {
            failed.put(kind, failedCounter(tag(kind)));
        }
        this.failedUnexpectedly = failedCounter(UNEXPECTED);
        for (boolean success : new boolean[] {true, false}) {
            keyVaultReads(success);
            refreshes(success);
        }
    }

    private Counter keyVaultReads(boolean success) {
        return Counter.builder("key_vault.reads")
                .description("Reads of the third-party API key from Key Vault")
                .tag("outcome", success ? "success" : "failure")
                .register(registry);
    }

    private Counter refreshes(boolean rotated) {
        return Counter.builder("third_party_api.key.refreshes")
                .description("Successful re-reads of a key that was already in memory; rotated: a new secret version")
                .tag("rotated", Boolean.toString(rotated))
                .register(registry);
    }

    private Counter failedCounter(String kind) {
        return Counter.builder("codes.failed")
                .description("Requests for a code that failed, by the dependency that failed")
                .tag("kind", kind)
                .register(registry);
    }

    /** {@code THIRD_PARTY_API} becomes {@code third_party_api}. */
    public static String tag(FailureKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public void codeIssued(long nanos) {
        issued.increment();
        timer("codes.request", "Whole GET /api/v1/getcode, all retries included", "outcome", ISSUED)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param kind null for a failure that is not a {@link FailureKind} */
    public void codeFailed(FailureKind kind, long nanos) {
        String tag = kind == null ? UNEXPECTED : tag(kind);
        (kind == null ? failedUnexpectedly : failed.get(kind)).increment();
        timer("codes.request", "Whole GET /api/v1/getcode, all retries included", "outcome", tag)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One HTTP call to the RandomNumber API (each retry is a call). */
    public void thirdPartyCall(String outcome, long nanos) {
        timer("third_party_api.call", "One call to the RandomNumber API", "outcome", outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void queueSend(boolean success, long nanos) {
        timer("queue.send", "One message sent to Queue Storage", "outcome", success ? "success" : "failure")
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One read of the third-party API key from Key Vault.
     *
     * @param refresh  a successful read that replaced a key read before
     * @param rotated  that refresh brought a new secret version
     */
    public void keyVaultRead(boolean success, long nanos, boolean refresh, boolean rotated) {
        keyVaultReads(success).increment();
        timer("key_vault.read", "One read of the third-party API key from Key Vault", "outcome",
                success ? "success" : "failure").record(nanos, TimeUnit.NANOSECONDS);
        if (refresh) {
            refreshes(rotated).increment();
        }
    }

    private Timer timer(String name, String description, String tag, String value) {
        return timers.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(value, v -> Timer
                .builder(name)
                .description(description)
                .tag(tag, v)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }
}
