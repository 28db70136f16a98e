package dev.integratedauth.verify;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Verifications at {@code /q/metrics}, by answer. Every series exists from the start at 0; never a code. */
@ApplicationScoped
@Startup
public class VerifyMetrics {

    /** What a verification answered. */
    enum Result {
        VALID, INVALID, UNAVAILABLE
    }

    private final Map<Result, Counter> verified = new EnumMap<>(Result.class);

    VerifyMetrics(MeterRegistry registry) {
        for (Result result : Result.values()) {
            verified.put(result, Counter.builder("codes.verified")
                    .description("Verifications of a code, by answer: valid (used up now), invalid (unknown, expired "
                            + "or used), unavailable (503)")
                    .tag("result", result.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    void verified(Result result) {
        verified.get(result).increment();
    }
}
