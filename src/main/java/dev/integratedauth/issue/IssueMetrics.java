package dev.integratedauth.issue;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.integratedauth.common.Timings;
import dev.integratedauth.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * getcode's meters at {@code /q/metrics}: codes issued, requests failed by the dependency that failed, and the whole
 * request's latency by outcome. Tags take fixed values only: never a code, a key, a token or a URL.
 */
@ApplicationScoped
@Startup // registers its counters at start, so they are scraped at 0 before the first request
public class IssueMetrics {

    /** Outcome tag of a request that failed with something other than an {@link IssueFailure}. */
    static final String UNEXPECTED = "unexpected";
    static final String ISSUED = "issued";

    private final Counter issued;
    private final Map<IssueFailure, Counter> failed = new EnumMap<>(IssueFailure.class);
    private final Counter failedUnexpectedly;
    private final Timings requests;

    IssueMetrics(MeterRegistry registry) {
        this.issued = Counter.builder("codes.issued")
                .description("Codes issued: returned to the caller after the queue accepted them")
                .register(registry);
        // Every kind exists from the start at 0, so an alert on a rate needs no "absent" special case.
        for (IssueFailure kind : IssueFailure.values()) {
            failed.put(kind, failedCounter(registry, tag(kind)));
        }
        this.failedUnexpectedly = failedCounter(registry, UNEXPECTED);
        this.requests = new Timings(registry, "codes.request", "Whole GET /api/v1/getcode, all retries included",
                "outcome");
    }

    private static Counter failedCounter(MeterRegistry registry, String kind) {
        return Counter.builder("codes.failed")
                .description("Requests for a code that failed, by the dependency that failed")
                .tag("kind", kind)
                .register(registry);
    }

    /** {@code THIRD_PARTY_API} becomes {@code third_party_api}. */
    static String tag(IssueFailure kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The whole request: its latency and outcome. */
    <T> Uni<T> request(Uni<T> issue) {
        return requests.time(issue, failure -> {
            IssueFailure kind = failure instanceof ProblemException problem
                    && problem.type() instanceof IssueFailure k ? k : null;
            if (failure == null) {
                issued.increment();
                return ISSUED;
            }
            (kind == null ? failedUnexpectedly : failed.get(kind)).increment();
            return kind == null ? UNEXPECTED : tag(kind);
        });
    }
}
