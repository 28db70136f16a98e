package dev.integratedauth.callers;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Each caller's budgets, per replica (docs/callers.md sizes them). A caller is the token's {@code oid} (else
 * {@code azp}); with authentication off, the client's address. A budget of {@code requests} per {@code period} refills
 * steadily and allows a burst of all of it at once.
 */
@ConfigMapping(prefix = "app.callers")
public interface CallersConfig {

    /** {@code GET /api/v1/getcode}: each one spends a paid API call, two storage writes and a queue message. */
    IssueBudget issue();

    /**
     * {@code POST /api/v1/codes/verify}, whatever the answer: ten times tighter than {@link #issue()}, since each
     * verification is a try at the code space.
     */
    VerifyBudget verify();

    /** Verifications answered {@code valid:false}: guesses, or typing errors. Much tighter than {@link #verify()}. */
    FailedVerificationsBudget failedVerifications();

    /**
     * How many {@code X-Forwarded-For} entries the proxies in front of the service append: the client's address is
     * that many from the end. 1 on Container Apps (its ingress appends the address it saw; anything before that the
     * client wrote itself); 0 when clients connect directly. Only used with authentication off.
     */
    @WithDefault("1")
    int forwardedHops();

    /**
     * Callers whose budgets are kept at most (about 1.2 KB each); beyond it, those least likely to call again are
     * forgotten (and start afresh). A budget untouched for its period is full again and is forgotten anyway.
     */
    @WithDefault("10000")
    int maxTracked();

    /** The one shape of a budget. */
    interface Budget {
        int requests();

        Duration period();
    }

    interface IssueBudget extends Budget {
        @Override
        @WithDefault("600")
        int requests();

        @Override
        @WithDefault("1m")
        Duration period();
    }

    interface VerifyBudget extends Budget {
        @Override
        @WithDefault("60")
        int requests();

        @Override
        @WithDefault("1m")
        Duration period();
    }

    interface FailedVerificationsBudget extends Budget {
        @Override
        @WithDefault("60")
        int requests();

        @Override
        @WithDefault("10m")
        Duration period();
    }
}
