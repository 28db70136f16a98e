package dev.integratedauth.common;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that knows when trying again can succeed: the credential's next token attempt, the next Key Vault read.
 * Callers are told so in {@code Retry-After}, and the key holder waits no longer than that before reading again.
 */
public interface RetryLater {

    /** From now until the next attempt is due; zero if it is due now. */
    Duration retryIn();

    /** The first {@link RetryLater} in {@code failure}'s cause chain, if any. */
    static Optional<RetryLater> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetryLater later) {
                return Optional.of(later);
            }
        }
        return Optional.empty();
    }

    /** {@code wait} as whole seconds for {@code Retry-After}: rounded up, at least 1. */
    static long seconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
