package dev.integratedauth.callers;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Callers refused, by reason ({@code callers.refused}); and how many callers' budgets are held
 * ({@code callers.tracked}). Tags take fixed values only: never a caller, a claim or a token.
 */
@ApplicationScoped
@Startup // every reason is scraped at 0 before the first refusal
class CallerMetrics {

    private final Map<CallerProblem, Counter> refused = new EnumMap<>(CallerProblem.class);

    CallerMetrics(MeterRegistry registry) {
        for (CallerProblem problem : CallerProblem.values()) {
            refused.put(problem, Counter.builder("callers.refused")
                    .description("Requests refused before any work: no or bad token, missing role, budget spent")
                    .tag("reason", problem.reason())
                    .register(registry));
        }
    }

    void refused(CallerProblem problem) {
        refused.get(problem).increment();
    }
}
